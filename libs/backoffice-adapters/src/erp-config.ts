import type { ErpAuth } from './erp/netsuite/auth/erp-auth';
import { NETSUITE_TOKEN_PATH } from './erp/netsuite/auth/oauth2-client-credentials';
import type { TrytonSettings } from './erp/tryton/tryton-rpc';

type Env = Record<string, string | undefined>;

/** The account-wide governor settings every service reads the same way. */
export interface ErpGovernorSettings {
  /** ERP_MAX_CONCURRENCY: the account's ceiling of calls in flight, all services together. */
  ceiling: number;
  /** ERP_MAX_RPS: the account's call starts per second, all services together. */
  maxRps: number;
  /** ERP_GOVERNOR_MAX_WAIT_MS: longest wait for a permit before ErpBusyError. */
  maxWaitMs: number;
  /**
   * ERP_GOVERNOR_LATENCY_TOLERANCE: the adaptive limit steps down when the short average of call
   * latency exceeds this multiple of the long one (default 2).
   */
  latencyTolerance: number;
  /** ERP_GOVERNOR_SCHEMA: where the shared state lives (default `erp_governor`). */
  schema: string;
  /** ERP_GOVERNOR_DATABASE_URL, else DATABASE_URL: the database every service shares. */
  databaseUrl?: string;
}

/**
 * NetSuite's account id is the first label of its REST host (`1234567-sb1.suitetalk.api...`);
 * elsewhere (the simulator) the host and port name the account.
 */
export function accountIdFromUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.hostname.endsWith('.netsuite.com')) return url.hostname.split('.')[0];
  return url.host;
}

export function readErpAuth(env: Env, baseUrl: string, accountId: string, problems: string[]) {
  const kind = env.ERP_AUTH ?? (env.NODE_ENV === 'production' ? undefined : 'none');
  if (kind === undefined || (kind === 'none' && env.NODE_ENV === 'production')) {
    problems.push('ERP_AUTH must be tba or oauth2 in production (the ERP needs credentials)');
    return { kind: 'none' } as ErpAuth;
  }
  const need = (name: string) => {
    const value = env[name];
    if (!value) problems.push(`${name} is required when ERP_AUTH=${kind}`);
    return value ?? '';
  };
  switch (kind) {
    case 'none':
      return { kind } as ErpAuth;
    case 'tba':
      return {
        kind,
        credentials: {
          accountId,
          consumerKey: need('ERP_TBA_CONSUMER_KEY'),
          consumerSecret: need('ERP_TBA_CONSUMER_SECRET'),
          tokenId: need('ERP_TBA_TOKEN_ID'),
          tokenSecret: need('ERP_TBA_TOKEN_SECRET'),
        },
      } as ErpAuth;
    case 'oauth2':
      return {
        kind,
        credentials: {
          clientId: need('ERP_OAUTH2_CLIENT_ID'),
          certificateId: need('ERP_OAUTH2_CERTIFICATE_ID'),
          // Secrets mounted as env often carry "\n" escapes instead of line breaks.
          privateKeyPem: need('ERP_OAUTH2_PRIVATE_KEY').replace(/\\n/g, '\n'),
          scopes: (env.ERP_OAUTH2_SCOPES ?? 'rest_webservices').split(/[\s,]+/).filter(Boolean),
          tokenUrl: new URL(NETSUITE_TOKEN_PATH, baseUrl).toString(),
        },
      } as ErpAuth;
    default:
      problems.push('ERP_AUTH must be one of none, tba, oauth2');
      return { kind: 'none' } as ErpAuth;
  }
}

export function readGovernor(env: Env, problems: string[]): ErpGovernorSettings {
  const positive = (name: string, fallback: number, integer: boolean) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!(value > 0) || (integer && !Number.isInteger(value)))
      problems.push(`${name} must be a positive ${integer ? 'integer' : 'number'}`);
    return value;
  };
  const schema = env.ERP_GOVERNOR_SCHEMA ?? 'erp_governor';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    problems.push('ERP_GOVERNOR_SCHEMA must be a lowercase identifier');
  const databaseUrl = env.ERP_GOVERNOR_DATABASE_URL ?? env.DATABASE_URL;
  return {
    ceiling: positive('ERP_MAX_CONCURRENCY', 4, true),
    maxRps: positive('ERP_MAX_RPS', 20, false),
    maxWaitMs: positive('ERP_GOVERNOR_MAX_WAIT_MS', 30_000, true),
    latencyTolerance: positive('ERP_GOVERNOR_LATENCY_TOLERANCE', 2, false),
    schema,
    ...(databaseUrl ? { databaseUrl } : {}),
  };
}

/**
 * Tryton's own settings (ERP_KIND=tryton): the database on the trytond at ERP_BASE_URL and the
 * user the middleware logs in as. ERP_AUTH is NetSuite's and does not apply.
 */
export function readTryton(env: Env, problems: string[]): TrytonSettings {
  if (env.ERP_BASE_URL === undefined)
    problems.push('ERP_BASE_URL is required when ERP_KIND=tryton (the trytond URL)');
  if (env.ERP_AUTH !== undefined && env.ERP_AUTH !== 'none')
    problems.push('ERP_AUTH applies to NetSuite only; Tryton logs in with TRYTON_USER/PASSWORD');
  const database = env.TRYTON_DATABASE ?? '';
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(database))
    problems.push('TRYTON_DATABASE must name the Tryton database ([A-Za-z0-9_-], required)');
  const user = env.TRYTON_USER ?? 'admin';
  if (user === '') problems.push('TRYTON_USER must not be empty');
  const password = env.TRYTON_PASSWORD ?? '';
  if (password === '') problems.push('TRYTON_PASSWORD is required when ERP_KIND=tryton');
  return { database, user, password };
}
