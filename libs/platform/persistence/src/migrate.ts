import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';

/** Creates the schema (TypeORM keeps its migrations table inside it, so it must exist first). */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  // A connection lost mid-query (PostgreSQL restarting while a replica boots) rejects the query,
  // and pg also emits it as an 'error' event: unheard, that event kills the process with a bare
  // stack trace instead of letting the rejection fail the start-up with its reason.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

/**
 * Creates the schema if needed and runs pending migrations under a PostgreSQL advisory lock,
 * so several replicas starting at once migrate exactly once.
 */
export async function runMigrations(
  options: DataSourceOptions & { url?: string; schema?: string },
): Promise<string[]> {
  const logger = new Logger('Migrations');
  const schema = options.schema!;
  await ensureSchema(options.url!, schema);
  const ds = new DataSource({ ...options, poolSize: 2 } as DataSourceOptions);
  await ds.initialize();
  try {
    const qr = ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
      const applied = await ds.runMigrations({ transaction: 'each' });
      await qr.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`]);
      if (applied.length)
        logger.log(`schema ${schema}: applied ${applied.map((m) => m.name).join(', ')}`);
      return applied.map((m) => m.name);
    } finally {
      await qr.release();
    }
  } finally {
    await ds.destroy();
  }
}

/** True when the schema has migrations not yet applied (CI fails on these). */
export async function hasPendingMigrations(options: DataSourceOptions): Promise<boolean> {
  const ds = new DataSource(options);
  await ds.initialize();
  try {
    return await ds.showMigrations();
  } finally {
    await ds.destroy();
  }
}
