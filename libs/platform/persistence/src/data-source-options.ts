import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface ServiceDataSourceInput {
  url: string;
  /** The service's own schema; no service reads another's tables. */
  schema: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  /** Pool size per process. */
  poolSize?: number;
  applicationName?: string;
}

/**
 * Per-service DataSource: its own schema (created if missing, then used as search_path so
 * migrations name tables unqualified), its own migrations table, snake_case naming, no
 * synchronize. Migrations run on start.
 */
export function serviceDataSourceOptions(input: ServiceDataSourceInput): DataSourceOptions {
  return {
    type: 'postgres',
    url: input.url,
    schema: input.schema,
    entities: input.entities,
    migrations: input.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    poolSize: input.poolSize ?? 10,
    applicationName: input.applicationName ?? input.schema,
    extra: {
      options: `-c search_path=${input.schema}`,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
    },
  };
}
