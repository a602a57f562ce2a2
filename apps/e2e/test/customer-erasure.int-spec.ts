import { canonicalOrder } from '../src/orders';
import { eventually, Stack, startStack } from '../src/stack';

jest.setTimeout(180_000);

/**
 * GDPR erasure across real processes: master-data erases a customer and reports order-ingestion
 * `pending` while order-ingestion is down, then `completed` (with its order count) once it is
 * back and has consumed `customer.erased` and announced `customer-erasure.completed`. Returns and
 * channel-sync are not started: they stay `pending` and the erasure incomplete (the whole system
 * is in erasure-across-services.int-spec.ts).
 */
describe('customer erasure progress across services', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ only: ['master-data', 'order-ingestion'] });
  }, 120_000);
  afterAll(() => stack?.stop());

  const customerOf = async (orderId: string): Promise<Record<string, string>> =>
    (await stack.call('order-ingestion', 'GET', `/v1/orders/${orderId}`)).body.customer;
  const progress = (customerId: string) =>
    stack.call('master-data', 'GET', `/v1/customers/${customerId}/erasure`);

  it('is pending while order-ingestion has not erased, completed once it has', async () => {
    const email = `erase-${Date.now()}@example.com`;
    const accepted = await stack.call(
      'order-ingestion',
      'POST',
      '/v1/orders',
      canonicalOrder('SKU-E2E-ERASE', 'DC-1', email),
    );
    expect(accepted.status).toBe(202);
    const orderId: string = accepted.body.orderId;
    // The pipeline's customer step matches the buyer at master-data.
    const matched = await eventually(async () => {
      const customer = await customerOf(orderId);
      return customer?.customerId ? customer : undefined;
    });
    const customerId = matched.customerId;
    expect(matched.email).toBe(email);
    expect((await progress(customerId)).status).toBe(404);

    await stack.stopService('order-ingestion');
    const erased = await stack.call('master-data', 'DELETE', `/v1/customers/${customerId}`);
    expect(erased.status).toBe(204);
    // Master-data erases its own events and records itself; the others are pending.
    const pending = await eventually(async () => {
      const res = await progress(customerId);
      return res.status === 200 && res.body.services[0].status === 'completed' && res.body;
    });
    const pendingEverywhere = ['order-ingestion', 'returns', 'channel-sync'].map((service) => ({
      service,
      status: 'pending',
      completedAt: null,
    }));
    expect(pending).toMatchObject({
      customerId,
      complete: false,
      services: [{ service: 'master-data', status: 'completed' }, ...pendingEverywhere],
    });

    await stack.restart('order-ingestion');
    const done = await eventually(async () => {
      const res = await progress(customerId);
      return res.body.services[1].status === 'completed' && res.body;
    });
    expect(done.complete).toBe(false);
    expect(done.services).toEqual([
      { service: 'master-data', status: 'completed', completedAt: expect.any(String) },
      {
        service: 'order-ingestion',
        status: 'completed',
        completedAt: expect.any(String),
        ordersErased: 1,
      },
      ...pendingEverywhere.slice(1),
    ]);
    expect(Date.parse(done.services[1].completedAt)).toBeGreaterThanOrEqual(
      Date.parse(done.requestedAt),
    );
    const after = await customerOf(orderId);
    expect(after.customerId).toBe(customerId);
    expect(after).not.toHaveProperty('email');
  });
});
