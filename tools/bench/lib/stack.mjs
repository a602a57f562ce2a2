// The bench's own stack: the five compiled services (dist/) as separate processes on free
// ports, against a database of their own on the local PostgreSQL (retail_bench_<id>, dropped
// afterwards) and a NATS namespace of their own (bench<id>: streams BENCH<ID>_*, deleted
// afterwards), like apps/e2e/src/stack.ts does for the black-box tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { freePort } from '../../scripts/ports.js';
import { roster, serviceKeys, wiringEnv } from '../../scripts/roster.js';

export const SERVICES = roster().map((s) => s.name);
export const ADMIN_KEY = 'bench-admin-key';
export const CHANNEL_KEYS = {
  amazon: 'bench-amazon-key',
  'adobe-commerce': 'bench-adobe-key',
  bigcommerce: 'bench-bigcommerce-key',
  'salesforce-commerce': 'bench-sfcc-key',
};
export const SHOPIFY_SECRET = 'bench-shopify-secret';
export const SQUARE_KEY = 'bench-square-key';
export const SQUARE_URL = 'https://bench.example.com/v1/channels/square/orders';

const apiKeys = () =>
  [`${ADMIN_KEY}=admin`, ...Object.entries(CHANNEL_KEYS).map(([c, k]) => `${k}=channel:${c}`)].join(
    ',',
  );

async function adminQuery(serverUrl, sql) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

export class BenchStack {
  constructor({ root, distDir, id, serverUrl, natsUrl, env = {}, log }) {
    Object.assign(this, {
      root,
      distDir: distDir ?? join(root, 'dist'),
      id,
      serverUrl,
      natsUrl,
      extraEnv: env,
      log,
    });
    this.database = `retail_bench_${id}`;
    this.namespace = `bench${id}`;
    this.ports = new Map();
    this.children = new Map();
    this.output = new Map();
    // Each calling service's own key (SERVICE_API_KEY), fresh for every run.
    this.serviceKeys = serviceKeys('bench');
  }

  /** The run's own database: the ceilings' tables and the ERP account governor (shared). */
  get databaseUrl() {
    return this.urlOfDatabase(this.database);
  }

  /**
   * Each process in a database of its own (it only ever uses its own schema), so that
   * pg_stat_database counts every service's commits apart: commits per order in
   * order-ingestion are read, not estimated.
   */
  databaseOf(name) {
    return `${this.database}_${name.replace(/-/g, '_')}`;
  }

  databaseUrlOf(name) {
    return this.urlOfDatabase(this.databaseOf(name));
  }

  urlOfDatabase(database) {
    const url = new URL(this.serverUrl);
    url.pathname = `/${database}`;
    return url.toString();
  }

  url(name) {
    return `http://127.0.0.1:${this.ports.get(name)}`;
  }

  pid(name) {
    return this.children.get(name)?.pid;
  }

  async start() {
    for (const database of [this.database, ...SERVICES.map((n) => this.databaseOf(n))])
      await adminQuery(this.serverUrl, `CREATE DATABASE ${database}`);
    for (const name of SERVICES) this.ports.set(name, await freePort());
    for (const name of SERVICES) this.launch(name);
    await Promise.all(SERVICES.map((n) => this.waitReady(n)));
    return this;
  }

  envFor(name) {
    const at = (n) => this.url(n);
    return {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      DATABASE_URL: this.databaseUrlOf(name),
      // One governor per ERP account: every service of the account reaches the same database.
      ERP_GOVERNOR_DATABASE_URL: this.databaseUrl,
      NATS_URL: this.natsUrl,
      NATS_NAMESPACE: this.namespace,
      PORT: String(this.ports.get(name)),
      HOST: '127.0.0.1',
      // The bench measures throughput, not the per-key rate limiter.
      HTTP_RATE_LIMIT_PER_MINUTE: '100000000',
      AUTH_FAILURES_PER_MINUTE: '100000000',
      ERP_BASE_URL: at('backoffice-simulator'),
      WMS_BASE_URL: at('backoffice-simulator'),
      PAYMENTS_BASE_URL: at('backoffice-simulator'),
      TAX_BASE_URL: at('backoffice-simulator'),
      ...wiringEnv(name, { urlOf: at, apiKeys: apiKeys(), keys: this.serviceKeys }),
      SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET,
      SQUARE_WEBHOOK_SIGNATURE_KEY: SQUARE_KEY,
      SQUARE_WEBHOOK_NOTIFICATION_URL: SQUARE_URL,
      ...(this.extraEnv[name] ?? {}),
    };
  }

  launch(name) {
    const main = join(this.distDir, 'apps', name, 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} missing: run npm run build`);
    // As deployed (deploy/docker-entrypoint.sh: `node main.js`): no --enable-source-maps, which
    // parses and keeps every loaded module's source map and makes each stack trace costly.
    // BENCH_SOURCE_MAPS=1 restores it (readable stacks when a run goes wrong).
    const args = process.env.BENCH_SOURCE_MAPS ? ['--enable-source-maps'] : [];
    if (process.env.BENCH_CPU_PROF)
      mkdirSync(join(this.root, 'bench', 'profiles'), { recursive: true });
    if (process.env.BENCH_CPU_PROF)
      args.push(
        '--cpu-prof',
        `--cpu-prof-dir=${join(this.root, 'bench', 'profiles')}`,
        `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`,
      );
    const child = spawn(process.execPath, [...args, main], {
      cwd: this.root,
      env: this.envFor(name),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const keep = (chunk) => {
      out.push(chunk.toString());
      if (out.length > 200) out.shift();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    this.children.set(name, child);
    this.output.set(name, out);
  }

  logs(name, lines = 30) {
    return (this.output.get(name) ?? []).slice(-lines).join('');
  }

  async waitReady(name, timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    const child = this.children.get(name);
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      try {
        const res = await fetch(`${this.url(name)}/health/ready`);
        if (res.status === 200) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${name} not ready (exit ${child.exitCode}):\n${this.logs(name)}`);
  }

  /** Services that died during the run (a crash under load is a finding). */
  crashed() {
    return [...this.children.entries()]
      .filter(([, c]) => c.exitCode !== null || c.signalCode !== null)
      .map(([n, c]) => `${n} (exit ${c.exitCode ?? c.signalCode})`);
  }

  async stopService(name) {
    const child = this.children.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  async stop() {
    await Promise.all([...this.children.keys()].map((n) => this.stopService(n)));
    for (const database of [this.database, ...SERVICES.map((n) => this.databaseOf(n))])
      await adminQuery(this.serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(
        (e) => this.log(`could not drop ${database}: ${e.message}`),
      );
    await deleteStreams(this.natsUrl, `${this.namespace.toUpperCase()}_`).catch((e) =>
      this.log(`could not delete streams ${this.namespace}: ${e.message}`),
    );
  }
}

/** Deletes every JetStream stream whose name starts with `prefix`. */
export async function deleteStreams(natsUrl, prefix) {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const names = [];
    for await (const si of jsm.streams.list())
      if (si.config.name.startsWith(prefix)) names.push(si.config.name);
    for (const name of names) await jsm.streams.delete(name);
  } finally {
    await nc.close();
  }
}
