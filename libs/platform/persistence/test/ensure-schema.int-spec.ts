import * as net from 'node:net';
import { ensureSchema } from '../src/migrate';

// Set by the integration tier's global setup (platform-testing would be a dependency cycle).
function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run integration tests through jest');
  return url;
}

/**
 * A TCP relay to the test PostgreSQL that drops the connection as soon as the client sends a
 * simple query ('Q'): a server restarting between the connection and the statement.
 */
async function relayDroppingQueries(target: URL): Promise<net.Server> {
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    upstream.pipe(client);
    client.on('data', (chunk) => {
      if (chunk[0] === 0x51) {
        client.destroy();
        upstream.destroy();
      } else upstream.write(chunk);
    });
    for (const s of [client, upstream]) s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('ensureSchema (integration)', () => {
  it('rejects with the lost connection instead of crashing the process on an unheard error event', async () => {
    const target = new URL(testDatabaseUrl());
    const relay = await relayDroppingQueries(target);
    const uncaught: Error[] = [];
    const onUncaught = (err: Error) => uncaught.push(err);
    process.prependListener('uncaughtException', onUncaught);
    try {
      const url = new URL(target);
      url.host = `127.0.0.1:${(relay.address() as net.AddressInfo).port}`;
      await expect(ensureSchema(url.toString(), 'never_created')).rejects.toThrow(/terminated/);
      await new Promise((r) => setTimeout(r, 50));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      relay.close();
    }
  });
});
