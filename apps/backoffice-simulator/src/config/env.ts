import { SimErpAuth, loadSimErpAuth } from '../erp/auth/erp-auth.config';

/** The simulator's settings, read once at start; every bad variable is listed in one error. */
export interface SimulatorConfig {
  port: number;
  databaseUrl: string;
  /** PostgreSQL schema holding the simulator's tables (DB_SCHEMA). */
  schema: string;
  /** Concurrency limit of the simulated ERP (NetSuite's base limit is 5). */
  erpMaxConcurrency: number | null;
  /** Delay before the WMS confirms a shipment on its own; null = only when told to. */
  wmsShipmentDelayMs: number | null;
  /** How often the WMS looks for due shipments and callbacks to deliver. */
  wmsPollMs: number;
  /** Credentials the ERP checks (ERP_SIM_AUTH); none by default. */
  erpAuth?: SimErpAuth;
}

export const DEFAULT_SCHEMA = 'backoffice_simulator';
export const DEFAULT_PORT = 3099;
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function loadSimulatorConfig(env: Record<string, string | undefined>): SimulatorConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number | null, min: number) =>
    readInt(env, name, fallback, min, problems);
  const config: SimulatorConfig = {
    port: int('PORT', DEFAULT_PORT, 0) ?? DEFAULT_PORT,
    databaseUrl: env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    schema: env.DB_SCHEMA ?? DEFAULT_SCHEMA,
    erpMaxConcurrency: int('ERP_SIM_MAX_CONCURRENCY', 5, 1),
    wmsShipmentDelayMs: int('WMS_SHIPMENT_DELAY_MS', null, 0),
    wmsPollMs: int('WMS_POLL_MS', 250, 10) ?? 250,
    erpAuth: loadSimErpAuth(env, problems),
  };
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(config.schema))
    problems.push('DB_SCHEMA must be a plain identifier');
  if (!URL.canParse(config.databaseUrl)) problems.push('DATABASE_URL is not a URL');
  if (problems.length > 0) throw new RangeError(`invalid environment: ${problems.join('; ')}`);
  return config;
}

/** `none` or empty means "no limit / disabled" for the nullable settings. */
function readInt(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number | null,
  min: number,
  problems: string[],
): number | null {
  const raw = env[name];
  if (raw === undefined) return fallback;
  if (raw === '' || raw === 'none') return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    problems.push(`${name} must be an integer >= ${min}`);
  return value;
}
