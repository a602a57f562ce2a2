import { BaseEnv, loadEnv, ServiceConfig } from '@retail/platform-config';

/** Loads and validates a service's environment once, at boot. */
export function loadServiceConfig<E extends BaseEnv>(
  serviceName: string,
  defaultSchema: string,
  envClass: new () => E,
  source: NodeJS.ProcessEnv = process.env,
): ServiceConfig<E> {
  const env = loadEnv(envClass, source);
  return { serviceName, schema: env.DB_SCHEMA ?? defaultSchema, env };
}
