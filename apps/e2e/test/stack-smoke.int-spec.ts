import { ADMIN_KEY, SERVICE_NAMES, Stack, startStack } from '../src/stack';

describe('the whole stack as black-box processes', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(() => stack?.stop());

  it.each(SERVICE_NAMES)(
    '%s is ready with PostgreSQL and NATS, and echoes correlation ids',
    async (name) => {
      const res = await fetch(`${stack.url(name)}/health/ready`, {
        headers: { 'x-correlation-id': `smoke-${name}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-correlation-id')).toBe(`smoke-${name}`);
    },
  );

  it('comes back after a SIGKILL on the same schema', async () => {
    await stack.kill('inventory');
    await expect(fetch(`${stack.url('inventory')}/health/live`)).rejects.toThrow();
    await stack.restart('inventory');
    const res = await stack.call('inventory', 'GET', '/v1/ops/dlq', undefined, {
      'x-api-key': ADMIN_KEY,
    });
    expect(res.status).toBe(200);
  }, 60_000);
});
