import { createHmac } from 'crypto';
import { TEST_ADMIN_KEY } from '@retail/platform-testing';
import shopifyFixture from '../../src/channels/__fixtures__/shopify-orders-create.json';
import { Harness, startOrderIngestion } from './harness';
import { canonicalOrder } from './order-fixtures';

jest.setTimeout(60_000);

const GRACE_MS = 1500;
const SERVICE_KEY = 'payments-svc-key';

const outboxOf = (h: Harness, orderId: string, type: string) =>
  h.db.query(`SELECT payload FROM outbox WHERE type = $1 AND payload->>'subject' = $2`, [
    type,
    orderId,
  ]);

/** The fixture as another Shopify order with `financial_status` and `updated_at` given. */
function shopifyOrder(id: number, financialStatus: string, updatedAt: string) {
  const order = structuredClone(shopifyFixture) as Record<string, any>;
  order.id = id;
  order.admin_graphql_api_id = `gid://shopify/Order/${id}`;
  order.name = `#${id}`;
  order.financial_status = financialStatus;
  order.updated_at = updatedAt;
  return order;
}

const sign = (raw: string) => createHmac('sha256', 'shh').update(Buffer.from(raw)).digest('base64');

describe('payment status and fraud decisions as inputs', () => {
  let h: Harness;
  const pending = () =>
    canonicalOrder({ payment: { ...canonicalOrder().payment, status: 'pending' } });
  const paymentStatus = (orderId: string, body: unknown, key?: string) =>
    h.post(`/v1/orders/${orderId}/payment-status`, body, key ? { 'x-api-key': key } : {});
  const update = (status: string, occurredAt: string, source = 'payment-provider') => ({
    status,
    occurredAt,
    source,
  });
  const webhook = (payload: unknown, topic: string, event: string) => {
    const raw = JSON.stringify(payload);
    return h.svc
      .http()
      .post('/v1/channels/shopify/orders')
      .set({
        'content-type': 'application/json',
        'x-shopify-topic': topic,
        'x-shopify-event-id': event,
        'x-shopify-hmac-sha256': sign(raw),
      })
      .send(raw);
  };

  beforeAll(async () => {
    h = await startOrderIngestion({
      PAYMENT_FAILED_GRACE_MS: String(GRACE_MS),
      RETAIL_API_KEYS: `${TEST_ADMIN_KEY}=admin,shopify-key=channel:shopify,${SERVICE_KEY}=service`,
    });
    for (const sku of ['SKU-1', 'TSHIRT-BLK-M', 'MUG-WHT-350', '44123456789003'])
      h.catalog.publish(sku);
  });
  afterAll(() => h?.svc.close());

  it("releases a pending Shopify order on the channel's orders/paid webhook, ignoring a late older update", async () => {
    const created = await webhook(
      shopifyOrder(7100000001, 'pending', '2026-11-20T14:00:00+01:00'),
      'orders/create',
      'e-create',
    ).expect(202);
    const orderId = created.body.orderId;
    expect((await h.waitForStatus(orderId, 'on_hold')).statusReason).toBe('payment pending');

    const paid = await webhook(
      shopifyOrder(7100000001, 'paid', '2026-11-20T14:05:00+01:00'),
      'orders/paid',
      'e-paid',
    ).expect(202);
    expect(paid.body).toMatchObject({ orderId, alreadyKnown: true, status: 'received' });
    const done = await h.waitForStatus(orderId, 'erp_confirmed');
    expect(done.payment.status).toBe('captured');
    expect(done.timeline.find((t: any) => t.step === 'payment-status').reason).toBe(
      'payment captured (shopify): hold released',
    );

    // An orders/updated older than the paid one arrives late: ignored.
    await webhook(
      shopifyOrder(7100000001, 'pending', '2026-11-20T14:01:00+01:00'),
      'orders/updated',
      'e-late',
    ).expect(202);
    const after = (await h.get(`/v1/orders/${orderId}`)).body;
    expect(after.payment.status).toBe('captured');
    const [stale] = await h.db.query(
      `SELECT outcome FROM order_payment_updates WHERE order_id = $1 AND status = 'pending'`,
      [orderId],
    );
    expect(stale.outcome).toBe('stale');
  });

  it('applies the payment status of an order channel-sync forwards again, timed by its header', async () => {
    const created = await webhook(
      shopifyOrder(7100000003, 'pending', '2026-11-20T14:00:00+01:00'),
      'orders/create',
      'e-create-3',
    ).expect(202);
    const orderId = created.body.orderId;
    await h.waitForStatus(orderId, 'on_hold');
    const pulled = shopifyOrder(7100000003, 'authorized', 'unused');
    delete pulled.updated_at;
    const forward = (updatedAt: string) =>
      h.post('/v1/channels/shopify/orders', pulled, {
        'x-api-key': SERVICE_KEY,
        'x-retail-source': 'pull',
        'x-retail-channel-updated-at': updatedAt,
      });
    await forward('2026-11-20T13:10:00Z').expect(202);
    const done = await h.waitForStatus(orderId, 'erp_confirmed');
    expect(done.payment.status).toBe('authorized');
    const outcomes = await h.db.query(
      `SELECT source, outcome FROM order_payment_updates WHERE order_id = $1 ORDER BY id`,
      [orderId],
    );
    expect(outcomes).toEqual([{ source: 'shopify', outcome: 'release' }]);
  });

  it('an unsigned orders/paid changes nothing', async () => {
    const raw = JSON.stringify(shopifyOrder(7100000002, 'paid', '2026-11-20T14:05:00+01:00'));
    await h.svc
      .http()
      .post('/v1/channels/shopify/orders')
      .set({ 'content-type': 'application/json', 'x-shopify-topic': 'orders/paid' })
      .send(raw)
      .expect(401);
  });

  it('a failed payment cannot be released by hand, and is cancelled after the grace period', async () => {
    const { body } = await h.post('/v1/orders', pending()).expect(202);
    await h.waitForStatus(body.orderId, 'on_hold');
    const failed = await paymentStatus(
      body.orderId,
      update('failed', '2026-11-20T10:00:00Z'),
      SERVICE_KEY,
    ).expect(200);
    expect(failed.body).toMatchObject({ status: 'on_hold', outcome: 'hold' });
    const refused = await h.post(`/v1/orders/${body.orderId}/release-hold`, {}).expect(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.type).toContain('payment-failed');

    const cancelled = await h.waitForStatus(body.orderId, 'cancelled', 15_000);
    const cancel = cancelled.timeline.find((t: any) => t.status === 'cancelled');
    expect(cancel.reason).toContain('payment failed');
    const [event] = await outboxOf(h, body.orderId, 'retail.orders.v1.order.cancelled');
    expect(event.payload.data).toMatchObject({
      orderId: body.orderId,
      reasonCode: 'payment_failed',
    });
  });

  it('an order arriving with a failed payment is held, then cancelled after the grace period', async () => {
    const failed = canonicalOrder({ payment: { ...canonicalOrder().payment, status: 'failed' } });
    const { body } = await h.post('/v1/orders', failed).expect(202);
    const cancelled = await h.waitForStatus(body.orderId, 'cancelled', 15_000);
    expect(cancelled.timeline.map((t: any) => t.status)).toContain('on_hold');
    const events = await outboxOf(h, body.orderId, 'retail.orders.v1.order.cancelled');
    expect(events).toHaveLength(1);
  });

  it('a failed payment secured within the grace period proceeds and is not cancelled', async () => {
    const { body } = await h.post('/v1/orders', pending()).expect(202);
    await h.waitForStatus(body.orderId, 'on_hold');
    await paymentStatus(body.orderId, update('failed', '2026-11-20T10:00:00Z')).expect(200);
    const again = await paymentStatus(body.orderId, update('failed', '2026-11-20T10:00:00Z'));
    expect(again.body.outcome).toBe('unchanged');
    const ok = await paymentStatus(body.orderId, update('authorized', '2026-11-20T10:01:00Z'));
    expect(ok.body).toMatchObject({ status: 'received', outcome: 'release' });
    await h.waitForStatus(body.orderId, 'erp_confirmed');
    await new Promise((r) => setTimeout(r, GRACE_MS + 500));
    expect((await h.get(`/v1/orders/${body.orderId}`)).body.status).toBe('erp_confirmed');
    expect(await outboxOf(h, body.orderId, 'retail.orders.v1.order.cancelled')).toEqual([]);
  });

  it('refuses bad input with problem+json and stores nothing', async () => {
    const { body } = await h.post('/v1/orders', pending()).expect(202);
    await h.waitForStatus(body.orderId, 'on_hold');
    const bad = [
      { status: 'paid', occurredAt: '2026-11-20T10:00:00Z', source: 'shopify' },
      { status: 'captured', occurredAt: 'yesterday', source: 'shopify' },
      { status: 'captured', occurredAt: '2026-11-20T10:00:00Z', source: 'shopify', extra: 1 },
    ];
    for (const b of bad) {
      const res = await paymentStatus(body.orderId, b).expect(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    await h.post(`/v1/orders/${body.orderId}/fraud-decision`, { decision: 'maybe' }).expect(422);
    await paymentStatus(
      body.orderId,
      update('captured', '2026-11-20T10:00:00Z'),
      'shopify-key',
    ).expect(403);
    await paymentStatus(
      '0190f0f0-0000-7000-8000-000000000000',
      update('captured', '2026-11-20T10:00:00Z'),
    ).expect(404);
    const rows = await h.db.query(`SELECT 1 FROM order_payment_updates WHERE order_id = $1`, [
      body.orderId,
    ]);
    expect(rows).toEqual([]);
    expect((await h.get(`/v1/orders/${body.orderId}`)).body.status).toBe('on_hold');
  });

  it('a fraud approve releases a review hold; a reject cancels and publishes order.cancelled', async () => {
    const review = () => canonicalOrder({ fraud: { decision: 'review', score: 70 } });
    const a = (await h.post('/v1/orders', review()).expect(202)).body.orderId;
    const r = (await h.post('/v1/orders', review()).expect(202)).body.orderId;
    await h.waitForStatus(a, 'on_hold');
    await h.waitForStatus(r, 'on_hold');

    const approved = await h.post(`/v1/orders/${a}/fraud-decision`, { decision: 'approve' });
    expect(approved.body).toMatchObject({ status: 'received', outcome: 'release' });
    const view = await h.waitForStatus(a, 'erp_confirmed');
    expect(view.fraud.decision).toBe('accept');
    const repeat = await h.post(`/v1/orders/${a}/fraud-decision`, { decision: 'approve' });
    expect(repeat.body.outcome).toBe('unchanged');

    const rejected = await h
      .post(`/v1/orders/${r}/fraud-decision`, { decision: 'reject', reason: 'stolen card' })
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'cancelled', outcome: 'cancel' });
    const [event] = await outboxOf(h, r, 'retail.orders.v1.order.cancelled');
    expect(event.payload.data).toMatchObject({ orderId: r, reasonCode: 'fraud' });
  });

  it('an order arriving with a fraud reject is cancelled by the pipeline with order.cancelled', async () => {
    const order = canonicalOrder({ fraud: { decision: 'reject' } });
    const { body } = await h.post('/v1/orders', order).expect(202);
    await h.waitForStatus(body.orderId, 'cancelled');
    const events = await outboxOf(h, body.orderId, 'retail.orders.v1.order.cancelled');
    expect(events).toHaveLength(1);
  });
});
