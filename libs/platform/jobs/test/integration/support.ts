import { testDatabaseUrl } from '@retail/platform-testing';
import { DataSource } from 'typeorm';
import { JobsTables1765000000000, JobsTraceparent1796900000000 } from '../../src';

/** A fresh schema holding the jobs table, as a service's migrations create it. */
export async function jobsDatabase(schema: string, max = 10): Promise<DataSource> {
  const url = testDatabaseUrl();
  const admin = new DataSource({ type: 'postgres', url });
  await admin.initialize();
  await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await admin.destroy();
  const db = new DataSource({
    type: 'postgres',
    url,
    schema,
    extra: { options: `-c search_path=${schema}`, max },
    migrations: [JobsTables1765000000000, JobsTraceparent1796900000000],
  });
  await db.initialize();
  await db.runMigrations();
  return db;
}
