// Drops the run's database and every JetStream stream whose name carries this run's prefix.
const { Client } = require('pg');

async function dropDatabase({ serverUrl, dbName }) {
  if (!dbName.includes('test')) throw new Error(`refusing to drop ${dbName}: name lacks "test"`);
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function dropStreams(natsUrl, runId) {
  const { connect } = require('@nats-io/transport-node');
  const { jetstreamManager } = require('@nats-io/jetstream');
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const prefix = `T${runId}`.toUpperCase();
    for await (const si of jsm.streams.list()) {
      if (si.config.name.startsWith(prefix)) await jsm.streams.delete(si.config.name);
    }
  } finally {
    await nc.close();
  }
}

module.exports = async function globalTeardown() {
  const info = globalThis.__RETAIL_TEST_DB__;
  if (info) await dropDatabase(info);
  await dropStreams(process.env.NATS_URL || 'nats://127.0.0.1:4222', process.env.TEST_RUN_ID);
};
