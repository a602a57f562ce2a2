import { RequestContext } from '@retail/platform-observability';
import { register } from 'prom-client';
import {
  DependencyAuthError,
  DependencyRejectedError,
  DependencyUnavailableError,
} from './dependency-errors';
import { fakeFetch, FakeResponse } from './fake-fetch';
import { checkServiceKey } from './key-check';
import { ServiceClient } from './service-client';

function clientFor(responses: FakeResponse[], onAuthFailure?: (e: DependencyAuthError) => void) {
  const fake = fakeFetch(responses);
  const sut = new ServiceClient({
    dependency: 'inventory',
    baseUrl: 'http://inventory.test:3002',
    apiKey: 'svc-key',
    timeoutMs: 1000,
    fetch: fake.fetch,
    onAuthFailure,
  });
  return { sut, calls: fake.calls };
}

async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = await register.getSingleMetric(name)?.get();
  const match = metric?.values.find((v) =>
    Object.entries(labels).every(([k, value]) => v.labels[k] === value),
  );
  return match?.value ?? 0;
}

describe('ServiceClient', () => {
  it('sends our own key and the current correlation id', async () => {
    const { sut, calls } = clientFor([{ status: 201, body: { ok: true } }]);

    const answer = await RequestContext.run({ correlationId: 'corr-1' }, () =>
      sut.send({ method: 'POST', path: '/v1/reservations', body: { a: 1 } }),
    );

    expect(answer).toMatchObject({ status: 201, body: { ok: true } });
    expect(calls[0]).toMatchObject({
      url: 'http://inventory.test:3002/v1/reservations',
      headers: { 'x-api-key': 'svc-key', 'x-correlation-id': 'corr-1' },
      body: { a: 1 },
    });
  });

  it('turns 401/403 into DependencyAuthError, counts it and tells the listener', async () => {
    const seen: DependencyAuthError[] = [];
    const { sut } = clientFor([{ status: 401, body: { detail: 'bad key' } }], (e) => seen.push(e));
    const before = await metricValue('retail_dependency_auth_failures_total', {
      dependency: 'inventory',
    });

    const error = await sut.send({ method: 'GET', path: '/v1/x' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DependencyAuthError);
    expect(error).toMatchObject({ status: 401, retryable: true, dependency: 'inventory' });
    expect(seen).toHaveLength(1);
    expect(
      await metricValue('retail_dependency_auth_failures_total', { dependency: 'inventory' }),
    ).toBe(before + 1);
    expect(
      await metricValue('retail_dependency_calls_total', {
        dependency: 'inventory',
        outcome: 'auth',
      }),
    ).toBeGreaterThan(0);
  });

  it('turns 429 into DependencyUnavailableError with its Retry-After', async () => {
    const { sut } = clientFor([{ status: 429, headers: { 'retry-after': '4' } }]);

    const error = await sut.send({ method: 'GET', path: '/v1/x' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 4000, retryable: true });
  });

  it('keeps other 4xx as a business answer with the problem, or returns an accepted one', async () => {
    const problem = { status: 422, detail: 'unknown sku', code: 'unknown-sku' };
    const { sut } = clientFor([
      { status: 422, body: problem },
      { status: 404, body: { detail: 'no such order' } },
    ]);

    const error = await sut.send({ method: 'GET', path: '/v1/x' }).catch((e: unknown) => e);
    const missing = await sut.send({ method: 'GET', path: '/v1/y', accept: [404] });

    expect(error).toBeInstanceOf(DependencyRejectedError);
    expect(error).toMatchObject({ status: 422, retryable: false, problem });
    expect(missing.status).toBe(404);
  });

  it('turns a network failure into DependencyUnavailableError', async () => {
    const sut = new ServiceClient({
      dependency: 'master-data',
      baseUrl: 'http://master-data.test',
      apiKey: 'k',
      timeoutMs: 1000,
      fetch: () =>
        Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })),
    });

    const error = await sut.send({ method: 'GET', path: '/v1/x' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error).toMatchObject({ outcomeUnknown: false, code: 'ECONNREFUSED' });
  });
});

describe('checkServiceKey', () => {
  it('tells accepted, refused and down apart', async () => {
    const accepted = clientFor([{ status: 200, body: { scope: 'service' } }]);
    const refused = clientFor([{ status: 401, body: { detail: 'A valid x-api-key is required' } }]);
    const down = clientFor([{ status: 503 }]);

    expect(await checkServiceKey(accepted.sut)).toEqual({
      dependency: 'inventory',
      status: 'accepted',
      scope: 'service',
    });
    expect(accepted.calls[0].url).toBe('http://inventory.test:3002/v1/auth/whoami');
    expect(await checkServiceKey(refused.sut)).toMatchObject({
      status: 'refused',
      reason: expect.stringContaining('SERVICE_API_KEY'),
    });
    expect(await checkServiceKey(down.sut)).toMatchObject({ status: 'down' });
  });
});
