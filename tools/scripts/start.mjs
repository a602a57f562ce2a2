#!/usr/bin/env node
// `npm start`: the whole stack in the foreground. Finds or starts PostgreSQL and NATS, builds
// if needed, starts every process of tools/services.json, waits until every /health/ready
// answers 200, and on Ctrl-C / SIGTERM stops them all (in-flight work drained).
// Service identity: each service that calls others gets a fresh random SERVICE_API_KEY at each
// start, and every process accepts those keys as `<key>=service` on top of RETAIL_API_KEYS (the
// user's keys, or local-admin-key=admin when unset), so the calls between services work
// whatever RETAIL_API_KEYS holds (ADR 0014).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { roster, serviceKeys, wiringEnv } from './roster.js';
import { log, resolveNats, resolvePostgres } from './stack.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVICES = roster();

const children = new Map();
let stopping = false;
const deps = [];

function startService(svc, env, keys) {
  const main = join(root, 'dist', 'apps', svc.name, 'src', 'main.js');
  const wiring = wiringEnv(svc.name, {
    urlOf: (_name, port) => `http://127.0.0.1:${port}`,
    apiKeys: process.env.RETAIL_API_KEYS || 'local-admin-key=admin',
    keys,
  });
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    cwd: root,
    env: { ...process.env, ...env, ...wiring, PORT: String(svc.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${svc.name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) process.stdout.write(prefix + line + '\n');
    });
  }
  child.on('exit', (code, signal) => {
    children.delete(svc.name);
    if (!stopping) {
      log(`${svc.name} exited (${signal ?? code}); stopping the stack`);
      void shutdown(1);
    }
  });
  children.set(svc.name, child);
}

async function waitReady(svc, deadline) {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${svc.port}/health/ready`);
      if (res.status === 200) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping services (draining in-flight work)...');
  const exits = [...children.values()].map(
    (c) =>
      new Promise((r) => {
        c.once('exit', r);
        c.kill('SIGTERM');
      }),
  );
  const timer = setTimeout(() => [...children.values()].forEach((c) => c.kill('SIGKILL')), 20_000);
  await Promise.all(exits);
  clearTimeout(timer);
  for (const dep of deps.reverse()) await dep.stop().catch(() => {});
  log('stopped');
  process.exit(code);
}

async function main() {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  const pgDep = await resolvePostgres(root);
  deps.push(pgDep);
  const natsDep = await resolveNats(root);
  deps.push(natsDep);
  if (!existsSync(join(root, 'dist', 'apps')) || process.env.RETAIL_BUILD !== '0') {
    execFileSync(process.execPath, [join(root, 'tools', 'scripts', 'build.mjs')], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  const env = {
    DATABASE_URL: pgDep.url,
    NATS_URL: natsDep.url,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
  };
  const keys = serviceKeys('local');
  for (const svc of SERVICES) startService(svc, env, keys);
  const deadline = Date.now() + Number(process.env.START_TIMEOUT_MS ?? 120_000);
  const ready = await Promise.all(SERVICES.map((s) => waitReady(s, deadline)));
  const notReady = SERVICES.filter((_, i) => !ready[i]).map((s) => s.name);
  if (notReady.length) {
    log(`not ready in time: ${notReady.join(', ')}`);
    return shutdown(1);
  }
  log('ready:');
  for (const s of SERVICES)
    log(`  ${s.name.padEnd(22)} http://127.0.0.1:${s.port}  (docs: /docs, metrics: /metrics)`);
  log('press Ctrl-C to stop');
}

main().catch((err) => {
  process.stderr.write(`fatal: ${err.message}\n`);
  void shutdown(1);
});
