import { Module, type INestApplication, type ModuleMetadata, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { randomBytes } from 'crypto';
import { DataSource } from 'typeorm';
import {
  connectJetStream,
  MESSAGING_ENTITIES,
  MessagingModule,
  MessagingTables1732600000000,
  type MessagingModuleOptions,
} from '../../src';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

export function databaseUrl(): string {
  const url =
    process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retail_test_messaging';
  if (!new URL(url).pathname.includes('test')) throw new Error(`refusing non-test database ${url}`);
  return url;
}

/** Schema and namespace unique to one test file; the namespace starts with `t` + run id. */
export function isolation(base: string): { schema: string; namespace: string } {
  const run = process.env.TEST_RUN_ID ?? 'x';
  const suffix = randomBytes(3).toString('hex');
  return { schema: `${base}_t${run}_${suffix}`, namespace: `t${run}${suffix}` };
}

/** A DataSource on its own schema (search_path), with the messaging migration applied. */
export async function createDataSource(
  schema: string,
  extraMigrations: Function[] = [],
): Promise<DataSource> {
  const admin = new DataSource({ type: 'postgres', url: databaseUrl() });
  await admin.initialize();
  await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await admin.destroy();
  const ds = new DataSource({
    type: 'postgres',
    url: databaseUrl(),
    schema,
    extra: { options: `-c search_path=${schema}` },
    entities: MESSAGING_ENTITIES,
    migrations: [MessagingTables1732600000000, ...extraMigrations],
    migrationsTableName: 'migrations',
  });
  await ds.initialize();
  await ds.runMigrations();
  return ds;
}

/**
 * A messaging app as services run it: the module, and the JetStream transport serving the
 * `@ConsumeEvents` handlers of `consumers` (controllers). No HTTP listener.
 */
export async function startMessaging(
  ds: DataSource,
  options: Partial<MessagingModuleOptions> & { namespace: string },
  consumers: Type[] = [],
  imports: NonNullable<ModuleMetadata['imports']> = [],
): Promise<INestApplication> {
  @Module({})
  class TestRootModule {}
  const app = await NestFactory.create(
    {
      module: TestRootModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ds.options,
          dataSourceFactory: async () => ds,
        }),
        MessagingModule.forRoot({ serviceName: 'messaging-test', natsUrl: NATS_URL, ...options }),
        ...imports,
      ],
      controllers: consumers,
    },
    new FastifyAdapter(),
    { logger: process.env.TEST_LOG_LEVEL === 'debug' ? ['log', 'warn', 'error', 'debug'] : false },
  );
  await app.init();
  await connectJetStream(app);
  return app;
}

export async function cleanUp(schema: string, namespace: string): Promise<void> {
  const admin = new DataSource({ type: 'postgres', url: databaseUrl() });
  await admin.initialize();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.destroy();
  const nc = await connect({ servers: NATS_URL });
  const jsm = await jetstreamManager(nc);
  for await (const si of jsm.streams.list()) {
    if (si.config.name.startsWith(`${namespace.toUpperCase()}_`))
      await jsm.streams.delete(si.config.name);
  }
  await nc.close();
}

/** Polls until `check` returns true; fails with `what` after the timeout. */
export async function eventually(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Test migration: a table the handlers write their effects into. */
export class EffectsTable1732600000001 {
  name = 'EffectsTable1732600000001';
  async up(q: { query: (sql: string) => Promise<unknown> }): Promise<void> {
    await q.query(
      'CREATE TABLE effects (event_id text NOT NULL, consumer text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())',
    );
  }
  async down(q: { query: (sql: string) => Promise<unknown> }): Promise<void> {
    await q.query('DROP TABLE effects');
  }
}
