'use strict';
// Ports for processes that a launcher starts and that bind later (the e2e stack, the bench, the
// fault suite's fallbacks). Not ephemeral ones (listen(0)): between the probe and the child's
// bind, any other listener on the machine draws from the same ephemeral range and may take the
// port (seen twice: an e2e order-ingestion whose readiness probe another process answered, and
// a bench simulator whose port the same stack's console had drawn too). Each process draws from
// its own block below the ephemeral range (net.ipv4.ip_local_port_range starts at 32768): jest
// workers by JEST_WORKER_ID, other processes by pid; a port is handed out once per process and
// only when nothing listens on it.
const net = require('node:net');

const FIRST = 20_000;
const BLOCK = 400;

// Blocks 1-27 for jest workers, 28-29 for other processes: 20400-31999 in all.
const worker = Number(process.env.JEST_WORKER_ID);
const block =
  Number.isInteger(worker) && worker > 0 ? 1 + ((worker - 1) % 27) : 28 + (process.pid % 2);
const base = FIRST + block * BLOCK;
let next = 0;

/** True when nothing listens on `port` at 127.0.0.1 now. */
function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port of this process's block that nothing listens on and that it has not handed out. */
async function freePort() {
  for (let tries = 0; tries < BLOCK; tries++) {
    const port = base + (next++ % BLOCK);
    if (await portFree(port)) return port;
  }
  throw new Error(`no free port in ${base}-${base + BLOCK - 1}`);
}

module.exports = { freePort, portFree };
