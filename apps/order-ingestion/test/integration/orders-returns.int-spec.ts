import { SUBJECTS } from '@retail/contracts';
import { EventPublisher } from '@retail/platform-messaging';
import { eventually } from '@retail/platform-testing';
import { randomUUID } from 'crypto';
import { Harness, startOrderIngestion } from './harness';
import { canonicalOrder } from './order-fixtures';

jest.setTimeout(60_000);

/**
 * Lots recorded at shipment and the returns that touched an order (ADR 0040): the order learns
 * of its returns from the `return.*` events only, and shows their furthest status and the units
 * received back per line.
 */
describe('order view: lots and returns', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startOrderIngestion();
    h.catalog.publish('SKU-1');
  });
  afterAll(() => h?.svc.close());

  const shippedOrder = async () => {
    const base = canonicalOrder().lines[0];
    const order = canonicalOrder({ lines: [{ ...base, quantity: 3, discount: 0, tax: 300 }] });
    const { body } = await h.post('/v1/orders', order).expect(202);
    await h.waitForStatus(body.orderId, 'erp_confirmed');
    return body.orderId as string;
  };
  const ship = (orderId: string, eventId: string, quantity: number, lotNumber?: string) =>
    h.post('/v1/fulfillment-events', {
      eventId,
      orderId,
      type: 'shipped',
      lines: [{ lineId: '1', quantity, ...(lotNumber ? { lotNumber } : {}) }],
      locationId: 'dc-1',
      occurredAt: '2026-11-21T10:00:00Z',
    });
  const publish = (type: string, data: Record<string, unknown>) =>
    h.svc.app.get(EventPublisher).publish({ type, subject: String(data.returnId), data });
  const authorized = (orderId: string, returnId: string, quantity: number) =>
    publish(SUBJECTS.RETURN_AUTHORIZED, {
      returnId,
      orderId,
      channel: 'pos',
      locationId: 'store-1',
      lines: [{ lineId: '1', quantity, reasonCode: 'defective' }],
      resolution: 'refund',
      refundEstimate: {
        currency: 'EUR',
        lines: [],
        merchandiseTotal: 0,
        taxTotal: 0,
        restockingFeeTotal: 0,
        total: 0,
        taxReversal: [],
      },
      authorizedAt: new Date().toISOString(),
    });
  const received = (orderId: string, returnId: string, quantity: number) =>
    publish(SUBJECTS.RETURN_RECEIVED, {
      returnId,
      orderId,
      locationId: 'store-1',
      lines: [{ lineId: '1', sku: 'SKU-1', quantity }],
      receivedAt: '2026-11-25T10:00:00.000Z',
    });
  const view = async (orderId: string) => (await h.get(`/v1/orders/${orderId}`).expect(200)).body;
  const untilView = (orderId: string, ready: (v: any) => boolean) =>
    eventually(async () => {
      const v = await view(orderId);
      return ready(v) && v;
    });

  it('records the lots of each shipment on the line and in order.shipped; refuses an oversized lot', async () => {
    const orderId = await shippedOrder();
    await ship(orderId, `${orderId}-a`, 2, 'LOT-A').expect(200);
    await ship(orderId, `${orderId}-bad`, 1, 'L'.repeat(65)).expect(422);
    await ship(orderId, `${orderId}-b`, 1, 'LOT-B').expect(200);
    const v = await view(orderId);
    expect(v.lines[0]).toMatchObject({ shippedQuantity: 3, lotNumbers: ['LOT-A', 'LOT-B'] });
    expect(v.lines[0].returnedQuantity).toBe(0);
    expect(v.returns).toEqual([]);
    const shipped: Array<{ payload: any }> = await h.db.query(
      `SELECT payload FROM outbox WHERE type = $1 AND payload->>'subject' = $2 ORDER BY position`,
      [SUBJECTS.ORDER_SHIPPED, orderId],
    );
    expect(shipped.map((r) => r.payload.data.lines[0].lotNumber)).toEqual(['LOT-A', 'LOT-B']);
  });

  it('shows each return with its furthest status and counts received units as returned, never moving back', async () => {
    const orderId = await shippedOrder();
    await ship(orderId, `${orderId}-a`, 3, 'LOT-A').expect(200);
    const r1 = randomUUID();
    const r2 = randomUUID();

    await authorized(orderId, r1, 2);
    let v = await untilView(orderId, (x) => x.returns.length === 1);
    expect(v.returns).toEqual([
      { returnId: r1, status: 'authorized', lines: [{ lineId: '1', quantity: 2 }] },
    ]);
    expect(v.lines[0].returnedQuantity).toBe(0);

    await received(orderId, r1, 2);
    await publish(SUBJECTS.RETURN_CLOSED, {
      returnId: r1,
      orderId,
      closedAt: new Date().toISOString(),
    });
    // A redelivered older event must not move the return back.
    await authorized(orderId, r1, 2);
    await authorized(orderId, r2, 1);
    await publish(SUBJECTS.RETURN_REJECTED, {
      returnId: r2,
      orderId,
      reason: 'not ours',
      rejectedAt: new Date().toISOString(),
    });
    v = await untilView(
      orderId,
      (x) => x.returns.find((r: any) => r.returnId === r2)?.status === 'rejected',
    );
    expect(v.returns.find((r: any) => r.returnId === r1)).toEqual({
      returnId: r1,
      status: 'closed',
      lines: [{ lineId: '1', quantity: 2 }],
      receivedAt: '2026-11-25T10:00:00.000Z',
    });
    expect(v.lines[0].returnedQuantity).toBe(2);
  });

  it('skips a return of an order it does not hold and dead-letters an invalid return event', async () => {
    const orderId = await shippedOrder();
    const stranger = randomUUID();
    await authorized(randomUUID(), stranger, 1);
    await publish(SUBJECTS.RETURN_RECEIVED, { returnId: randomUUID(), orderId, lines: [] });
    const marker = randomUUID();
    await authorized(orderId, marker, 1);
    // Handled in stream order: once the marker shows, the two before it were handled.
    const v = await untilView(orderId, (x) => x.returns.length > 0);
    expect(v.returns.map((r: any) => r.returnId)).toEqual([marker]);
    const [{ n }] = await h.db.query(
      `SELECT count(*)::int AS n FROM order_returns WHERE return_id = $1`,
      [stranger],
    );
    expect(n).toBe(0);
    const dlq = await eventually(async () => {
      const text = JSON.stringify(
        (await h.get('/v1/ops/dlq?stream=RETAIL_RETURNS').expect(200)).body,
      );
      return text.includes('order-ingestion--order-returns') && text;
    });
    expect(dlq).toContain(orderId);
  });
});
