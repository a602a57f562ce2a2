// Integration tier: one throw-away database per run on the real PostgreSQL server, exported to
// the test workers as DATABASE_URL. Refuses any database whose name lacks "test".
const { Client } = require('pg');
const { randomBytes } = require('crypto');

module.exports = async function globalSetup() {
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
