import { BaseEnv } from './base-env';

/** Injection token for the service's validated configuration. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

export interface ServiceConfig<E extends BaseEnv = BaseEnv> {
  /** Kebab-case service name, e.g. `order-ingestion`. */
  serviceName: string;
  /** The service's PostgreSQL schema (DB_SCHEMA or the default). */
  schema: string;
  env: E;
}

export function isProduction(env: BaseEnv): boolean {
  return env.NODE_ENV === 'production';
}
