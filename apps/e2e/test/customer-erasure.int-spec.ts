import { Client } from 'pg';
import { canonicalOrder } from '../src/orders';
import { eventually, Stack, startStack } from '../src/stack';

jest.setTimeout(180_000);

/**
 * GDPR erasure across real processes: master-data erases a customer and reports order-ingestion
 * `pending` while order-ingestion is down, then `completed` (with its order count) once it is
 * back and has consumed `customer.erased` and announced `customer-erasure.completed`.
 */
describe('customer erasure progress across services', () => {
  let stack: Stack;
  let db: Client;

  beforeAll(async () => {
    stack = await startStack({ only: ['master-data', 'order-ingestion'] });
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  const orderRow = async (orderId: string) => {
    const { rows } = await db.query(
      `SELECT customer_id, "order"->'customer' AS customer
         FROM "${stack.schema('order-ingestion')}".orders WHERE id = $1`,
      [orderId],
    );
    return rows[0] as { customer_id: string | null; customer: Record<string, unknown> } | undefined;
  };
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
      const row = await orderRow(orderId);
      return row?.customer_id ? row : undefined;
    });
    const customerId = matched.customer_id!;
    expect(matched.customer.email).toBe(email);
    expect((await progress(customerId)).status).toBe(404);

    await stack.stopService('order-ingestion');
    const erased = await stack.call('master-data', 'DELETE', `/v1/customers/${customerId}`);
    expect(erased.status).toBe(204);
    const pending = await progress(customerId);
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({
      customerId,
      complete: false,
      services: [{ service: 'order-ingestion', status: 'pending', completedAt: null }],
    });

    await stack.restart('order-ingestion');
    const done = await eventually(async () => {
      const res = await progress(customerId);
      return res.body.complete === true && res.body;
    });
    expect(done.services).toEqual([
      {
        service: 'order-ingestion',
        status: 'completed',
        completedAt: expect.any(String),
        ordersErased: 1,
      },
    ]);
    expect(Date.parse(done.services[0].completedAt)).toBeGreaterThanOrEqual(
      Date.parse(done.requestedAt),
    );
    const after = (await orderRow(orderId))!.customer;
    expect(after.customerId).toBe(customerId);
    expect(after).not.toHaveProperty('email');
  });
});
