/** The channels channel-sync speaks to (the same names as order-ingestion's native routes). */
export const CHANNELS = [
  'shopify',
  'amazon',
  'adobe-commerce',
  'bigcommerce',
  'salesforce-commerce',
  'square',
] as const;
export type ChannelName = (typeof CHANNELS)[number];

/**
 * How orders reach us from the channel: `pull` only (no order webhook at all), `webhook+pull`
 * (whole orders pushed to order-ingestion, the pull closes gaps), `notify+pull` (a thin webhook
 * names the order, we fetch it; the pull closes gaps).
 */
export type InboundMode = 'pull' | 'webhook+pull' | 'notify+pull';

/** A rate-limit budget: sustained requests per second and burst (bucket size). */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

export interface ChannelDefinition {
  /** Prefix of the channel's variables, e.g. `SHOPIFY` for `SHOPIFY_ACCESS_TOKEN`. */
  prefix: string;
  inboundMode: InboundMode;
  /** Credentials and identifiers that must be set (suffixes after the prefix). */
  required: string[];
  /** Optional settings and their defaults. */
  optional: Record<string, string>;
  /**
   * Rate-limit buckets with the vendor's documented defaults. Variable:
   * `<PREFIX>_RATE_LIMIT` for `default`, `<PREFIX>_RATE_LIMIT_<BUCKET>` otherwise, as `rps/burst`.
   */
  buckets: Record<string, RateLimit>;
  pullIntervalSeconds: number;
  /** Credentials the channel simulator accepts (local runs without configuration). */
  simulator: Record<string, string>;
}

/**
 * Every channel's settings. Rate limits are the vendors' published defaults: Shopify REST's leaky
 * bucket (40, leaking 2/s), Amazon's getOrders (0.0167/s, burst 20), getOrderItems (0.5/s,
 * burst 30), confirmShipment (2/s, burst 10), patchListingsItem and getListingsItem (5/s,
 * burst 10 each) usage plans, BigCommerce Standard/Plus (150 per 30 s window, docs.bigcommerce.com "API rate
 * limits"; Pro: 450 / 30 s, set `BIGCOMMERCE_RATE_LIMIT=7.5/225`). Adobe Commerce,
 * Salesforce B2C Commerce and Square publish no fixed figure: the defaults are conservative, set
 * yours. Simulator credentials are the channel simulator's defaults (its README).
 */
export const CHANNEL_CATALOGUE: Record<ChannelName, ChannelDefinition> = {
  shopify: {
    prefix: 'SHOPIFY',
    inboundMode: 'webhook+pull',
    required: ['ACCESS_TOKEN'],
    optional: { API_VERSION: '2024-04', LOCATION_ID: '' },
    // REST: 40 requests leaking 2/s. GraphQL: calculated query cost, 1000 points restoring
    // 50 points/s; the bucket counts points (a call takes its requested cost).
    buckets: {
      default: { ratePerSecond: 2, burst: 40 },
      graphql: { ratePerSecond: 50, burst: 1000 },
    },
    pullIntervalSeconds: 300,
    simulator: { ACCESS_TOKEN: 'shpat_local_channel_simulator', LOCATION_ID: '65000000001' },
  },
  amazon: {
    prefix: 'AMAZON',
    inboundMode: 'pull',
    required: ['LWA_CLIENT_ID', 'LWA_CLIENT_SECRET', 'LWA_REFRESH_TOKEN', 'MARKETPLACE_IDS'],
    optional: {
      LWA_TOKEN_URL: '',
      USE_RESTRICTED_DATA_TOKEN: 'false',
      SELLER_ID: '',
      FULFILLMENT_CHANNEL_CODE: 'DEFAULT',
      PRODUCT_TYPE: 'PRODUCT',
    },
    buckets: {
      default: { ratePerSecond: 0.5, burst: 30 },
      GET_ORDERS: { ratePerSecond: 0.0167, burst: 20 },
      GET_ORDER_ITEMS: { ratePerSecond: 0.5, burst: 30 },
      CREATE_RDT: { ratePerSecond: 1, burst: 10 },
      CONFIRM_SHIPMENT: { ratePerSecond: 2, burst: 10 },
      PATCH_LISTINGS_ITEM: { ratePerSecond: 5, burst: 10 },
      GET_LISTINGS_ITEM: { ratePerSecond: 5, burst: 10 },
    },
    pullIntervalSeconds: 120,
    simulator: {
      LWA_CLIENT_ID: 'amzn1.application-oa2-client.localsimulator',
      LWA_CLIENT_SECRET: 'local-lwa-client-secret',
      LWA_REFRESH_TOKEN: 'Atzr|local-refresh-token',
      MARKETPLACE_IDS: 'ATVPDKIKX0DER',
      SELLER_ID: 'A2SIMULATORSELLER',
    },
  },
  'adobe-commerce': {
    prefix: 'ADOBE_COMMERCE',
    inboundMode: 'pull',
    required: ['ACCESS_TOKEN'],
    optional: { SOURCE_CODE: 'default' },
    buckets: { default: { ratePerSecond: 5, burst: 10 } },
    pullIntervalSeconds: 120,
    simulator: { ACCESS_TOKEN: 'local-adobe-integration-token' },
  },
  bigcommerce: {
    prefix: 'BIGCOMMERCE',
    inboundMode: 'notify+pull',
    required: ['STORE_HASH', 'ACCESS_TOKEN'],
    optional: { WEBHOOK_HEADER: 'x-retail-webhook-token', WEBHOOK_TOKEN: '', LOCATION_ID: '1' },
    // 150 requests per 30-second window (Standard and Plus plans), counted per store by fixed
    // window: a bucket of 75 refilling 2.5/s admits at most 75 + 2.5 * 30 = 150 in any 30 s.
    buckets: { default: { ratePerSecond: 2.5, burst: 75 } },
    pullIntervalSeconds: 300,
    simulator: {
      STORE_HASH: 'simstore1',
      ACCESS_TOKEN: 'local-bigcommerce-token',
      WEBHOOK_TOKEN: 'simulator-bc-webhook-token',
    },
  },
  'salesforce-commerce': {
    prefix: 'SALESFORCE_COMMERCE',
    inboundMode: 'pull',
    required: ['CLIENT_ID', 'CLIENT_SECRET', 'SITE_ID'],
    optional: { TOKEN_URL: '', OCAPI_VERSION: 'v23_2', INVENTORY_LIST_ID: '' },
    buckets: { default: { ratePerSecond: 5, burst: 10 } },
    pullIntervalSeconds: 120,
    simulator: {
      CLIENT_ID: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      CLIENT_SECRET: 'local-sfcc-client-secret',
      SITE_ID: 'RefArch',
      INVENTORY_LIST_ID: 'inventory_m',
    },
  },
  square: {
    prefix: 'SQUARE',
    inboundMode: 'notify+pull',
    required: ['ACCESS_TOKEN', 'LOCATION_IDS'],
    optional: {
      VERSION: '2024-04-17',
      WEBHOOK_SIGNATURE_KEY: '',
      WEBHOOK_NOTIFICATION_URL: '',
    },
    buckets: { default: { ratePerSecond: 10, burst: 20 } },
    pullIntervalSeconds: 300,
    simulator: {
      ACCESS_TOKEN: 'EAAAlocal-square-access-token',
      LOCATION_IDS: 'LSIMULATOR01',
      WEBHOOK_SIGNATURE_KEY: 'simulator-square-signature-key',
      WEBHOOK_NOTIFICATION_URL: 'http://127.0.0.1:3005/v1/channels/square/webhooks',
    },
  },
};
