import Fastify from 'fastify';
import { parseApiKeys } from './auth';
import { trustedProxies } from './client-address';
import { registerRequestGate } from './request-gate';

/** A gate with a limit of 2 failed authentications per address and minute. */
async function gate(trusted: string) {
  const app = Fastify({ trustProxy: trustedProxies(trusted) });
  registerRequestGate(app, { keys: parseApiKeys('good=admin'), authFailuresPerMinute: 2 });
  app.get('/v1/x', async () => ({ ok: true }));
  await app.ready();
  const call = (remoteAddress: string, forwardedFor?: string) =>
    app
      .inject({
        method: 'GET',
        url: '/v1/x',
        remoteAddress,
        headers: {
          'x-api-key': 'wrong',
          ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
        },
      })
      .then((r) => r.statusCode);
  return { app, call };
}

describe('client address of the failed-auth throttle', () => {
  it('parses addresses and CIDRs, and refuses anything else', () => {
    expect(trustedProxies('')).toBe(false);
    expect(trustedProxies(undefined)).toBe(false);
    expect(trustedProxies(' 10.0.0.0/8, 127.0.0.1 ,fd00::/8')).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      'fd00::/8',
    ]);
    for (const bad of ['10.0.0.0/33', 'proxy.local', '10.0.0.1/8/1', '::1/129', '10.0.0/8'])
      expect(() => trustedProxies(bad)).toThrow(/TRUSTED_PROXIES/);
  });

  it('ignores X-Forwarded-For without trusted proxies: a client cannot rotate its address', async () => {
    const { app, call } = await gate('');
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await call('203.0.113.9', `198.51.100.${i}`));
    expect(answers).toEqual([401, 401, 429, 429]);
    // Another socket address has its own budget.
    expect(await call('203.0.113.10')).toBe(401);
    await app.close();
  });

  it('believes X-Forwarded-For from a trusted proxy only, up to the first untrusted hop', async () => {
    const { app, call } = await gate('10.0.0.0/8');
    // Behind the proxy, each client has its own budget.
    expect([
      await call('10.1.2.3', '198.51.100.1'),
      await call('10.1.2.3', '198.51.100.1'),
    ]).toEqual([401, 401]);
    expect(await call('10.1.2.3', '198.51.100.1')).toBe(429);
    expect(await call('10.1.2.3', '198.51.100.2')).toBe(401);
    // A forged left-most entry is ignored: the client is the hop the proxy saw (198.51.100.1).
    expect(await call('10.1.2.3', '192.0.2.77, 198.51.100.1')).toBe(429);
    // The header from an untrusted socket is not believed at all.
    const outside = [];
    for (let i = 0; i < 3; i++) outside.push(await call('203.0.113.50', `192.0.2.${i}`));
    expect(outside).toEqual([401, 401, 429]);
    await app.close();
  });
});
