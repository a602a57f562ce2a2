// Integration tier: one throw-away database per run on the real PostgreSQL server, exported to
// the test workers as DATABASE_URL. Refuses any database whose name lacks "test".
const { Client } = require('pg');
const { randomBytes } = require('crypto');
const { spawnSync } = require('child_process');
const { join } = require('path');

// apps/e2e runs the compiled services as black-box processes: compile dist/ first. Type errors
// do not stop the emit (the typecheck step reports them); a lock keeps parallel runs apart.
function buildDist() {
  const root = join(__dirname, '..', '..', '..', '..');
  const started = Date.now();
  const bin = (n) => join(root, 'node_modules', '.bin', n);
  const lock = `/tmp/retail-build-${Buffer.from(root).toString('hex').slice(-16)}.lock`;
  const tsc = spawnSync('flock', [lock, bin('tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (tsc.error) throw tsc.error;
  const alias = spawnSync('flock', [lock, bin('tsc-alias'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (alias.status !== 0) throw new Error(`tsc-alias failed: ${alias.stderr}`);
  process.stdout.write(
    `\n[integration] dist/ built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

module.exports = async function globalSetup() {
  if (process.env.SKIP_E2E_BUILD !== '1') buildDist();
  const serverUrl =
    process.env.TEST_DATABASE_SERVER_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const runId = process.env.TEST_RUN_ID || randomBytes(3).toString('hex');
  const dbName = `retail_test_${runId}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${dbName}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  process.env.DATABASE_URL = url.toString();
  process.env.TEST_RUN_ID = runId;
  process.env.NATS_URL = process.env.NATS_URL || 'nats://127.0.0.1:4222';
  process.env.NODE_ENV = 'test';
  globalThis.__RETAIL_TEST_DB__ = { serverUrl, dbName };
};
