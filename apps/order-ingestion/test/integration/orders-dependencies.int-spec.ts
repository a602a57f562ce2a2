import { randomUUID } from 'crypto';
import { IngestOrderHandler } from '../../src/orders/ingest/ingest-order.handler';
import { Harness, startOrderIngestion } from './harness';
import { canonicalOrder } from './order-fixtures';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A dependency that fails is a fault to surface, never a reason to carry on with less: the
 * order waits on its step with the reason visible, and moves on by itself once it answers.
 */
describe('order pipeline and its dependencies', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startOrderIngestion();
    h.catalog.publish('SKU-1');
  });
  afterAll(() => h?.svc.close());

  async function waitingWith(orderId: string, text: string) {
    for (let i = 0; i < 100; i++) {
      const view = (await h.get(`/v1/orders/${orderId}`)).body;
      if (view.statusReason?.includes(text)) return view;
      await sleep(50);
    }
    throw new Error(`order ${orderId} never showed "${text}"`);
  }

  it('retries an order while customer matching fails, never as a guest', async () => {
    h.customers.failing = new Error('master-data unavailable: HTTP 503');
    const { body } = await h.post('/v1/orders', canonicalOrder()).expect(202);
    const waiting = await waitingWith(body.orderId, 'customer matching failed');
    expect(waiting.status).toBe('received');
    expect(waiting.timeline.map((t: any) => t.step)).toContain('customer');
    await sleep(300);
    expect(h.erp.salesOrders.has(body.orderId)).toBe(false);
    h.customers.failing = undefined;
    const done = await h.waitForStatus(body.orderId, 'erp_confirmed');
    expect(done.statusReason).toBeUndefined();
  });

  it('retries an order while inventory refuses, never backordered for it', async () => {
    h.inventory.failing = new Error('inventory refused (401): bad key');
    const { body } = await h.post('/v1/orders', canonicalOrder()).expect(202);
    const waiting = await waitingWith(body.orderId, 'reservation failed');
    expect(waiting.status).toBe('received');
    expect(waiting.timeline.map((t: any) => t.status)).not.toContain('backordered');
    h.inventory.failing = undefined;
    const done = await h.waitForStatus(body.orderId, 'erp_confirmed');
    expect(done.timeline.map((t: any) => t.status)).toContain('reserved');
  });

  const ingest = (order: object, holds?: Array<{ reason: string; detail: string }>) =>
    h.svc.app.get(IngestOrderHandler).execute({
      order: order as never,
      channelSkus: {},
      dedupeKeys: [],
      transformations: [],
      raw: { source: 'canonical', headers: {}, payload: JSON.stringify(order) },
      correlationId: randomUUID(),
      ...(holds ? { holds } : {}),
    });

  it('parks an order with an intake hold on_hold with that reason until released', async () => {
    const hold = { reason: 'address_restricted', detail: 'needs a restricted-data token' };
    const { orderId } = await ingest(canonicalOrder(), [hold]);
    const held = await h.waitForStatus(orderId, 'on_hold');
    expect(held.statusReason).toBe('address_restricted');
    await h.post(`/v1/orders/${orderId}/release-hold`, {}).expect(200);
    await h.waitForStatus(orderId, 'erp_confirmed');
  });

  it('never resolves, routes or reserves a non-stock line; the ERP gets it as non-stock', async () => {
    const base = canonicalOrder();
    const giftWrap = {
      ...base.lines[0],
      lineId: 'wrap',
      sku: undefined,
      kind: 'non_stock',
      title: 'Gift wrap',
    };
    const { orderId } = await ingest({ ...base, lines: [base.lines[0], giftWrap] });
    const done = await h.waitForStatus(orderId, 'erp_confirmed');
    expect(
      [...h.inventory.reservations.values()].some(
        (r) => r.orderId === orderId && r.lineId === 'wrap',
      ),
    ).toBe(false);
    expect(done.fulfillments.flatMap((f: any) => f.lines.map((l: any) => l.lineId))).toEqual(['1']);
    const erpLine = h.erp.salesOrders.get(orderId)!.lines.find((l: any) => l.lineId === 'wrap');
    expect(erpLine).toMatchObject({ kind: 'non_stock', title: 'Gift wrap' });
  });
});
