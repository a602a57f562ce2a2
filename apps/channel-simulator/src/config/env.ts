/** The simulator's settings, read once at start; every bad variable is listed in one error. */
export interface SimulatorConfig {
  port: number;
  /** Every credential the stand-in channels accept (see credentials.ts for the defaults). */
  credentials: ChannelCredentials;
  /** Attempts per webhook delivery (first try included). */
  webhookAttempts: number;
  /** Base delay between webhook delivery attempts (doubles each time). */
  webhookRetryMs: number;
}

export interface ChannelCredentials {
  shopify: { shop: string; accessToken: string; webhookSecret: string };
  amazon: {
    clientId: string;
    clientSecret: string;
    refreshToken: string;
    sellerId: string;
    marketplaceId: string;
  };
  bigcommerce: { storeHash: string; authToken: string };
  'adobe-commerce': { integrationToken: string };
  'salesforce-commerce': {
    clientId: string;
    clientSecret: string;
    siteId: string;
    inventoryListId: string;
  };
  square: { accessToken: string; locationId: string; merchantId: string };
}

export const DEFAULT_PORT = 3098;

/** Local, obviously fake defaults: the simulator is never deployed (ADR 0019). */
export const DEFAULT_CREDENTIALS: ChannelCredentials = {
  shopify: {
    shop: 'retail-sim.myshopify.com',
    accessToken: 'shpat_local_channel_simulator',
    webhookSecret: 'local-shopify-webhook-secret',
  },
  amazon: {
    clientId: 'amzn1.application-oa2-client.localsimulator',
    clientSecret: 'local-lwa-client-secret',
    refreshToken: 'Atzr|local-refresh-token',
    sellerId: 'A2SIMULATORSELLER',
    marketplaceId: 'ATVPDKIKX0DER',
  },
  bigcommerce: { storeHash: 'simstore1', authToken: 'local-bigcommerce-token' },
  'adobe-commerce': { integrationToken: 'local-adobe-integration-token' },
  'salesforce-commerce': {
    clientId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    clientSecret: 'local-sfcc-client-secret',
    siteId: 'RefArch',
    inventoryListId: 'inventory_m',
  },
  square: {
    accessToken: 'EAAAlocal-square-access-token',
    locationId: 'LSIMULATOR01',
    merchantId: 'MLSIMULATOR01',
  },
};

/**
 * Each credential can be overridden with CHANNEL_SIM_<CHANNEL>_<FIELD> in SCREAMING_SNAKE case,
 * e.g. CHANNEL_SIM_SHOPIFY_ACCESS_TOKEN, CHANNEL_SIM_ADOBE_COMMERCE_INTEGRATION_TOKEN.
 */
export function credentialVariable(channel: string, field: string): string {
  const snake = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1_$2').replace(/-/g, '_');
  return `CHANNEL_SIM_${snake(channel)}_${snake(field)}`.toUpperCase();
}

export function loadSimulatorConfig(env: Record<string, string | undefined>): SimulatorConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min)
      problems.push(`${name} must be an integer >= ${min}`);
    return value;
  };
  const credentials = structuredClone(DEFAULT_CREDENTIALS);
  for (const [channel, fields] of Object.entries(credentials)) {
    for (const field of Object.keys(fields)) {
      const value = env[credentialVariable(channel, field)];
      if (value !== undefined && value !== '') (fields as Record<string, string>)[field] = value;
    }
  }
  const config: SimulatorConfig = {
    port: int('PORT', DEFAULT_PORT, 0),
    credentials,
    webhookAttempts: int('CHANNEL_SIM_WEBHOOK_ATTEMPTS', 3, 1),
    webhookRetryMs: int('CHANNEL_SIM_WEBHOOK_RETRY_MS', 1000, 0),
  };
  if (problems.length > 0) throw new RangeError(`invalid environment: ${problems.join('; ')}`);
  return config;
}
