import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { classifyFetchFailure, HttpErrorFactory } from './classify';
import { HttpJsonClient } from './http-json-client';
import { platformFetch } from './platform-fetch';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A real HTTP server on a free port: the platform's call goes over a socket, as in production. */
async function serve(handler: Handler): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

class Failure extends Error {
  constructor(
    message: string,
    readonly kind: string,
    readonly outcomeUnknown?: boolean,
    readonly code?: string,
  ) {
    super(message);
  }
}

const errors: HttpErrorFactory<Failure> = {
  throttled: (m) => new Failure(m, 'throttled'),
  unavailable: (m, unknown, _status, code) => new Failure(m, 'unavailable', unknown, code),
  rejected: (m) => new Failure(m, 'rejected'),
};

describe('platformFetch', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let handler: Handler;

  beforeAll(async () => (server = await serve((req, body, res) => handler(req, body, res))));
  afterAll(() => server.close());

  it('sends the method, headers and body, and reads status, headers and text', async () => {
    let seen: { method?: string; auth?: string; body?: string } = {};
    handler = (req, body, res) => {
      seen = { method: req.method, auth: req.headers['x-api-key'] as string, body };
      res.setHeader('Location', '/records/42');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":42}');
    };
    const reply = await platformFetch(`${server.url}/records`, {
      method: 'POST',
      headers: { 'x-api-key': 'k-1', 'content-type': 'application/json' },
      body: '{"name":"x"}',
    });
    expect(seen).toEqual({ method: 'POST', auth: 'k-1', body: '{"name":"x"}' });
    expect(reply.status).toBe(201);
    expect(reply.ok).toBe(true);
    expect(reply.headers.get('LOCATION')).toBe('/records/42');
    expect(reply.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(reply.headers.has('x-missing')).toBe(false);
    expect(reply.headers.get('x-missing')).toBeNull();
    expect(await reply.text()).toBe('{"id":42}');
  });

  it('answers 4xx and 5xx as replies (not ok), an empty body as ""', async () => {
    handler = (_req, _body, res) => res.writeHead(503).end();
    const reply = await platformFetch(`${server.url}/down`);
    expect([reply.status, reply.ok, await reply.text()]).toEqual([503, false, '']);
  });

  it('follows a redirect, as fetch does', async () => {
    handler = (req, _body, res) => {
      if (req.url === '/old') res.writeHead(302, { location: '/new' }).end();
      else res.writeHead(200).end(`at ${req.url}`);
    };
    const reply = await platformFetch(`${server.url}/old`);
    expect([reply.status, await reply.text()]).toEqual([200, 'at /new']);
  });

  it('rejects with the signal reason on a deadline, which classifies as a timeout', async () => {
    handler = (_req, _body, res) => setTimeout(() => res.writeHead(200).end('late'), 500);
    const failure = await platformFetch(`${server.url}/slow`, {
      signal: AbortSignal.timeout(50),
    }).catch((e: unknown) => e);
    expect((failure as Error).name).toBe('TimeoutError');
    expect(classifyFetchFailure(failure, errors)).toMatchObject({
      kind: 'unavailable',
      outcomeUnknown: true,
      code: 'TIMEOUT',
    });
  });

  it('rejects a refused connection as fetch does, classified as never sent', async () => {
    const closed = await serve((_req, _body, res) => res.end());
    await closed.close();
    const failure = await platformFetch(closed.url).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as Error).message).toBe('fetch failed');
    expect(classifyFetchFailure(failure, errors)).toMatchObject({
      kind: 'unavailable',
      outcomeUnknown: false,
      code: 'ECONNREFUSED',
    });
  });

  it('is what HttpJsonClient calls by default: JSON both ways, errors mapped', async () => {
    handler = (req, body, res) => {
      if (req.url === '/v1/echo')
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      else
        res
          .writeHead(422, { 'content-type': 'application/problem+json' })
          .end('{"title":"Unprocessable","detail":"sku is required"}');
    };
    const client = new HttpJsonClient({ baseUrl: server.url, errors, timeoutMs: 1000 });
    const ctx = { correlationId: 'c-1' };
    const echoed = await client.send({ method: 'POST', path: '/v1/echo', body: { a: 1 } }, ctx);
    expect(echoed).toMatchObject({ status: 200, body: { a: 1 } });
    await expect(client.send({ method: 'POST', path: '/v1/bad', body: {} }, ctx)).rejects.toEqual(
      expect.objectContaining({ kind: 'rejected', message: 'HTTP 422: sku is required' }),
    );
  });
});
