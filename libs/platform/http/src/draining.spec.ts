import Fastify from 'fastify';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { registerDrainingAnswer } from './draining';

/** A raw HTTP/1.1 connection: requests written when the test says, everything read kept. */
function connection(port: number) {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  const closed = new Promise<string>((resolve, reject) => {
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
  const send = (path: string) => socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  return { send, closed };
}
const tick = () => new Promise((r) => setTimeout(r, 50));

describe('a replica that is shutting down', () => {
  it('finishes the request in flight and answers the next one on the connection 503 problem+json with Retry-After', async () => {
    const fastify = Fastify({ return503OnClosing: false });
    registerDrainingAnswer(fastify);
    let started = () => {};
    const slowStarted = new Promise<void>((r) => (started = r));
    let finishSlow = () => {};
    fastify.get('/fast', async () => ({ ok: true }));
    fastify.get('/slow', () => {
      started();
      return new Promise((resolve) => (finishSlow = () => resolve({ slow: true })));
    });
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    const { port } = fastify.server.address() as AddressInfo;

    // The second request arrives on the busy connection after the close began.
    const conn = connection(port);
    conn.send('/slow');
    await slowStarted;
    const closed = fastify.close();
    await tick();
    conn.send('/fast');
    await tick();
    finishSlow();
    const text = await conn.closed;
    await closed;

    const [first, second] = text.split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200/);
    expect(first).toContain('{"slow":true}');
    expect(second).toMatch(/^HTTP\/1\.1 503/);
    expect(second).toMatch(/content-type: application\/problem\+json/i);
    expect(second).toMatch(/retry-after: 1\r\n/i);
    expect(second).toMatch(/connection: close/i);
    const body = JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4));
    expect(body).toMatchObject({
      status: 503,
      type: expect.stringMatching(/shutting-down$/),
      retryAfterSeconds: 1,
    });
  });
});
