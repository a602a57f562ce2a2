import { BaseEnv, loadEnv, ServiceConfig } from '@retail/platform-config';
import type { FetchFn } from '@retail/platform-http-client';
import {
  KEY_CHECK_RETRY_MS,
  KEY_CHECK_TTL_MS,
  resolveServiceApiKey,
  ServiceDependencies,
} from './service-dependencies';

const configWith = (vars: Record<string, string>): ServiceConfig => ({
  serviceName: 'order-ingestion',
  schema: 'order_ingestion',
  env: loadEnv(BaseEnv, vars),
});

describe('resolveServiceApiKey', () => {
  it('refuses a missing or default key in production, naming the variable', () => {
    for (const vars of [{}, { SERVICE_API_KEY: 'local-admin-key' }] as Record<string, string>[]) {
      expect(() => resolveServiceApiKey(configWith({ NODE_ENV: 'production', ...vars }))).toThrow(
        /SERVICE_API_KEY must be order-ingestion's own key in production/,
      );
    }
  });

  it("uses the service's key, or the local key outside production", () => {
    const own = configWith({ NODE_ENV: 'production', SERVICE_API_KEY: 'svc-1' });
    expect(resolveServiceApiKey(own)).toBe('svc-1');
    expect(resolveServiceApiKey(configWith({}))).toBe('local-admin-key');
  });

  it('lets a service that calls nobody start in production without one', () => {
    const config = configWith({ NODE_ENV: 'production' });
    expect(() => new ServiceDependencies(config, [])).not.toThrow();
    expect(() => new ServiceDependencies(config, [{ name: 'x', baseUrl: 'http://x' }])).toThrow();
  });
});

describe('ServiceDependencies.checks', () => {
  let answers: number[];
  let calls: number;

  beforeEach(() => (calls = 0));
  const fetch: FetchFn = async () => {
    calls++;
    const status = answers.shift() ?? 200;
    return new Response(JSON.stringify(status === 200 ? { scope: 'service' } : {}), { status });
  };

  const sut = () =>
    new ServiceDependencies(
      configWith({ SERVICE_API_KEY: 'svc-1' }),
      [{ name: 'inventory', baseUrl: 'http://inventory.test' }],
      fetch,
    );

  it('keeps an accepted key for the TTL, then checks again', async () => {
    answers = [200, 200];
    const deps = sut();
    expect(await deps.checks(0)).toEqual([
      { dependency: 'inventory', status: 'accepted', scope: 'service' },
    ]);
    await deps.checks(KEY_CHECK_TTL_MS - 1);
    expect(calls).toBe(1);
    await deps.checks(KEY_CHECK_TTL_MS + 1);
    expect(calls).toBe(2);
  });

  it('checks a refused key again soon, so a fix is seen within a probe or two', async () => {
    answers = [401, 200];
    const deps = sut();
    expect((await deps.checks(0))[0]).toMatchObject({ status: 'refused' });
    expect((await deps.checks(KEY_CHECK_RETRY_MS + 1))[0]).toMatchObject({ status: 'accepted' });
  });

  it('forgets the cached answer when a call is refused at run time', async () => {
    answers = [200, 403, 403];
    const deps = sut();
    await deps.checks(0);
    await deps
      .client('inventory')
      .send({ method: 'GET', path: '/v1/x' })
      .catch(() => undefined);
    expect((await deps.checks(1))[0]).toMatchObject({ status: 'refused' });
  });
});
