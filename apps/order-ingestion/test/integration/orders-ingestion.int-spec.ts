import { TEST_ADMIN_KEY } from '@retail/platform-testing';
import { Harness, startOrderIngestion } from './harness';
import { canonicalOrder } from './order-fixtures';

const count = async (h: Harness, table: string) =>
  Number((await h.db.query(`SELECT count(*) FROM ${table}`))[0].count);

jest.setTimeout(60_000);

describe('order ingestion: canonical orders', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startOrderIngestion();
    h.catalog.publish('SKU-1');
    h.catalog.publish('SKU-2');
  });
  afterAll(() => h?.svc.close());

  it('answers 202 once stored and carries the order to erp_confirmed', async () => {
    const order = canonicalOrder();
    const res = await h.post('/v1/orders', order, { 'x-correlation-id': 'corr-1' }).expect(202);
    expect(res.body).toEqual({
      orderId: expect.any(String),
      status: 'received',
      correlationId: 'corr-1',
    });
    const view = await h.waitForStatus(res.body.orderId, 'erp_confirmed');
    expect(view).toMatchObject({
      orderId: res.body.orderId,
      channel: 'shopify',
      channelOrderId: order.channelOrderId,
      erp: { salesOrderId: `so-${res.body.orderId}`, state: 'confirmed' },
    });
    expect(view.lines[0]).toMatchObject({ sku: 'SKU-1', reservationStatus: 'reserved' });
    const statuses = view.timeline.map((t: { status: string }) => t.status);
    expect([...new Set(statuses)]).toEqual([
      'received',
      'reserved',
      'awaiting_erp',
      'erp_confirmed',
    ]);
    const steps = view.timeline.map((t: { step: string }) => t.step);
    expect(steps).toEqual(
      expect.arrayContaining(['received', 'routing', 'reserve', 'erp', 'erp-create']),
    );
    const routing = view.timeline.find((t: { step: string }) => t.step === 'routing');
    expect(routing.transformations).toEqual([{ fulfillment: 'ship', lineIds: ['1'] }]);
    expect(view.timeline[0]).toMatchObject({ step: 'received', causeEventId: 'corr-1' });
  });

  it('stores the same channel order once, with or without Idempotency-Key', async () => {
    const order = canonicalOrder();
    const answers = await Promise.all([
      h.post('/v1/orders', order),
      h.post('/v1/orders', order, { 'Idempotency-Key': 'k-a' }),
      h.post('/v1/orders', order, { 'Idempotency-Key': 'k-b' }),
      h.post('/v1/orders', order),
      h.post('/v1/orders', order, { 'Idempotency-Key': 'k-a' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    const ids = new Set(answers.map((a) => a.body.orderId));
    expect(ids.size).toBe(1);
    const [orderId] = [...ids];
    await h.waitForStatus(orderId, 'erp_confirmed');
    const rows = await h.db.query(
      `SELECT count(*)::int AS n FROM orders WHERE channel_order_id = $1`,
      [order.channelOrderId],
    );
    expect(rows[0].n).toBe(1);
    expect(h.erp.salesOrders.has(orderId)).toBe(true);
    const accepted = await h.db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE type = 'retail.orders.v1.order.accepted' AND payload->>'subject' = $1`,
      [orderId],
    );
    expect(accepted[0].n).toBe(1);
  });

  it('answers a duplicate committed after the accept statement began with that order', async () => {
    // The accept's own snapshot cannot see a channel order committed while it waited on the
    // unique constraint: it reads the order again (OrderIntake.existing) instead of failing.
    const order = canonicalOrder();
    const held = h.db.createQueryRunner();
    await held.connect();
    await held.startTransaction();
    const [{ id: heldId }] = await held.query(
      `INSERT INTO orders (id, channel, channel_order_id, status, step, "order", erp_external_id,
                           correlation_id)
       VALUES (gen_random_uuid(), $1, $2, 'received', 'validate', $3, 'held', 'held')
       RETURNING id`,
      [order.channel, order.channelOrderId, JSON.stringify(order)],
    );
    const answer = h.post('/v1/orders', order).then((res) => res);
    for (let waiting = 0; waiting === 0;) {
      const [row] = await h.db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE wait_event_type = 'Lock' AND query LIKE 'WITH known AS%'`,
      );
      waiting = row.n;
    }
    await held.commitTransaction();
    await held.release();
    const res = await answer;
    expect(res.status).toBe(202);
    expect(res.body.orderId).toBe(heldId);
    const rows = await h.db.query(
      `SELECT count(*)::int AS n FROM orders WHERE channel_order_id = $1`,
      [order.channelOrderId],
    );
    expect(rows[0].n).toBe(1);
  });

  it.each([
    ['an unknown field', { ...canonicalOrder(), sneaky: true }, 422],
    [
      'a float quantity',
      canonicalOrder({ lines: [{ ...canonicalOrder().lines[0], quantity: 1.5 }] }),
      422,
    ],
    [
      'duplicate line ids',
      canonicalOrder({ lines: [canonicalOrder().lines[0], canonicalOrder().lines[0]] }),
      422,
    ],
    ['a missing payment', { ...canonicalOrder(), payment: undefined }, 422],
    ['a lower-case currency', { ...canonicalOrder(), currency: 'eur' }, 422],
    [
      'a payment that does not add up to the order total',
      canonicalOrder({ payment: { ...canonicalOrder().payment, amount: 1 } }),
      422,
    ],
    [
      'tenders that do not add up to the payment',
      canonicalOrder({
        payments: [{ ...canonicalOrder().payment, amount: 100 }],
      }),
      422,
    ],
  ])('refuses %s (problem+json) and stores nothing', async (_label, body, status) => {
    const before = await count(h, 'orders');
    const res = await h.post('/v1/orders', body).expect(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect(await count(h, 'orders')).toBe(before);
  });

  it("lets a channel key create and read only its own channel's orders", async () => {
    await h
      .post('/v1/orders', canonicalOrder({ channel: 'amazon' }), { 'x-api-key': 'shopify-key' })
      .expect(403);
    const own = await h
      .post('/v1/orders', canonicalOrder(), { 'x-api-key': 'shopify-key' })
      .expect(202);
    const other = await h.post('/v1/orders', canonicalOrder({ channel: 'amazon' })).expect(202);
    await h.get(`/v1/orders/${own.body.orderId}`, 'shopify-key').expect(200);
    await h.get(`/v1/orders/${other.body.orderId}`, 'shopify-key').expect(403);
    await h.get('/v1/orders?channel=amazon', 'shopify-key').expect(403);
    const mine = await h.get('/v1/orders?limit=200', 'shopify-key').expect(200);
    expect(mine.body.items.every((o: { channel: string }) => o.channel === 'shopify')).toBe(true);
  });

  it('takes customer.customerId only from a service or an administrator, never a channel key', async () => {
    const claimed = canonicalOrder({
      customer: { ...canonicalOrder().customer, customerId: 'cus_of-another-channel' },
    });
    const before = await count(h, 'orders');
    const res = await h.post('/v1/orders', claimed, { 'x-api-key': 'shopify-key' }).expect(403);
    expect(res.body.errors[0].field).toBe('customer.customerId');
    expect(await count(h, 'orders')).toBe(before);
    await h.post('/v1/orders', claimed).expect(202);
  });

  it('404s an unknown order', async () => {
    await h.get('/v1/orders/0190a0a0-0000-7000-8000-000000000000').expect(404);
    await h.get('/v1/orders/not-a-uuid').expect(404);
  });

  it('splits a pickup line and a ship line into two fulfilment instructions of one order', async () => {
    const base = canonicalOrder().lines[0];
    const order = canonicalOrder({
      lines: [
        { ...base, lineId: 'p', fulfillment: { type: 'pickup', locationId: 'store-1' } },
        { ...base, lineId: 's', sku: 'SKU-2', fulfillment: { type: 'ship' } },
      ],
    });
    const res = await h.post('/v1/orders', order).expect(202);
    const view = await h.waitForStatus(res.body.orderId, 'erp_confirmed');
    expect(view.fulfillments).toHaveLength(2);
    const byType = Object.fromEntries(view.fulfillments.map((f: any) => [f.type, f]));
    expect(byType.pickup).toMatchObject({
      locationId: 'store-1',
      lines: [{ lineId: 'p', sku: 'SKU-1', quantity: 2 }],
    });
    expect(byType.ship).toMatchObject({
      lines: [{ lineId: 's', sku: 'SKU-2' }],
      shippingAddress: order.shippingAddress,
    });
    expect(new Set(view.fulfillments.map((f: any) => f.orderId))).toEqual(
      new Set([res.body.orderId]),
    );
  });

  it('pages through orders with a keyset cursor', async () => {
    const channel = `pagetest${Date.now() % 100000}`;
    for (let i = 0; i < 5; i++) await h.post('/v1/orders', canonicalOrder({ channel })).expect(202);
    const first = await h.get(`/v1/orders?channel=${channel}&limit=2`).expect(200);
    const second = await h
      .get(`/v1/orders?channel=${channel}&limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    const third = await h
      .get(`/v1/orders?channel=${channel}&limit=2&cursor=${second.body.nextCursor}`)
      .expect(200);
    const ids = [...first.body.items, ...second.body.items, ...third.body.items].map(
      (o: any) => o.orderId,
    );
    expect(new Set(ids).size).toBe(5);
    expect(third.body.nextCursor).toBeUndefined();
    await h.get('/v1/orders?limit=1000').expect(422);
  });

  it('exposes the business metrics', async () => {
    const res = await h.svc.http().get('/metrics').expect(200);
    for (const name of [
      'retail_orders_ingested_total',
      'retail_orders_awaiting_erp',
      'retail_orders_in_exception',
      'retail_erp_calls_total',
      'retail_order_erp_latency_seconds',
    ])
      expect(res.text).toContain(name);
    expect(res.text).toMatch(
      /retail_orders_ingested_total\{channel="shopify",outcome="duplicate"\} [1-9]/,
    );
  });

  it('requires an API key', async () => {
    await h.svc.http().post('/v1/orders').send(canonicalOrder()).expect(401);
    await h.svc.http().get('/v1/orders').set('x-api-key', TEST_ADMIN_KEY).expect(200);
  });
});
