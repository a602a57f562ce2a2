import { randomBytes } from 'crypto';
import { Client } from 'pg';

/** The run's throw-away database (created by the integration globalSetup). */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run integration tests through jest');
  const dbName = new URL(url).pathname.slice(1);
  // Safety net: a test must never touch a database that is not a test database.
  if (!dbName.includes('test')) throw new Error(`refusing database "${dbName}": name lacks "test"`);
  return url;
}

export function testNatsUrl(): string {
  return process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
}

function suffix(): string {
  return randomBytes(3).toString('hex');
}

/** A schema name unique to one test file, e.g. `inventory_t1a2b3_9f8e7d`. */
export function uniqueSchema(base: string): string {
  return `${base.replace(/-/g, '_')}_t${process.env.TEST_RUN_ID ?? 'x'}_${suffix()}`;
}

/**
 * A NATS namespace unique to one test file. It starts with `t<runId>` so the global teardown
 * can find and delete every stream the run created, even after a crashed test file.
 */
export function uniqueNamespace(): string {
  return `t${process.env.TEST_RUN_ID ?? 'x'}${suffix()}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export async function deleteNamespaceStreams(natsUrl: string, namespace: string): Promise<void> {
  const { connect } = await import('@nats-io/transport-node');
  const { jetstreamManager } = await import('@nats-io/jetstream');
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const prefix = `${namespace.toUpperCase()}_`;
    for await (const si of jsm.streams.list()) {
      if (si.config.name.startsWith(prefix)) await jsm.streams.delete(si.config.name);
    }
  } finally {
    await nc.close();
  }
}
