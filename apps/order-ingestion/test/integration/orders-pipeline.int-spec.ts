import { eventually } from '@retail/platform-testing';
import { Harness, startOrderIngestion } from './harness';
import { canonicalOrder } from './order-fixtures';

const outboxOf = (h: Harness, orderId: string, type: string) =>
  h.db.query(
    `SELECT payload FROM outbox WHERE type = $1 AND payload->>'subject' = $2 ORDER BY position`,
    [type, orderId],
  );

jest.setTimeout(60_000);

describe('order pipeline', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startOrderIngestion({ ERP_MAX_CONCURRENCY: '3' });
    h.catalog.publish('SKU-1');
  });
  afterAll(() => h?.svc.close());

  it('parks an unknown SKU in exception and completes once the product is published', async () => {
    const order = canonicalOrder({ lines: [{ ...canonicalOrder().lines[0], sku: 'NEW-SKU' }] });
    const { body } = await h.post('/v1/orders', order).expect(202);
    const parked = await h.waitForStatus(body.orderId, 'exception');
    expect(parked.statusReason).toContain('unknown SKU NEW-SKU');
    h.catalog.publish('NEW-SKU');
    const done = await h.waitForStatus(body.orderId, 'erp_confirmed');
    expect(h.erp.salesOrders.get(body.orderId)!.lines[0].itemId).toBe('item-NEW-SKU');
    expect(done.timeline.map((t: any) => t.status)).toContain('exception');
  });

  it('lists stuck orders by reason and age for operators', async () => {
    const channel = `stuck${Date.now() % 100000}`;
    const sku = `GONE-${Date.now() % 100000}`;
    const order = canonicalOrder({ channel, lines: [{ ...canonicalOrder().lines[0], sku }] });
    const { body } = await h.post('/v1/orders', order).expect(202);
    await h.waitForStatus(body.orderId, 'exception');
    await h.post('/v1/orders', canonicalOrder({ channel })).expect(202);
    const byReason = await h
      .get(`/v1/orders?channel=${channel}&reason=${encodeURIComponent(`unknown sku ${sku}`)}`)
      .expect(200);
    expect(byReason.body.items.map((o: any) => o.orderId)).toEqual([body.orderId]);
    expect(byReason.body.items[0].statusReason).toContain(`unknown SKU ${sku}`);
    // Nothing of this channel is a minute old yet; once backdated, the stuck one is listed.
    const young = await h.get(`/v1/orders?channel=${channel}&olderThanMinutes=1`).expect(200);
    expect(young.body.items).toEqual([]);
    await h.db.query(`UPDATE orders SET created_at = now() - interval '2 hours' WHERE id = $1`, [
      body.orderId,
    ]);
    const old = await h.get(`/v1/orders?channel=${channel}&olderThanMinutes=60`).expect(200);
    expect(old.body.items.map((o: any) => o.orderId)).toEqual([body.orderId]);
    await h.get('/v1/orders?olderThanMinutes=525601').expect(422);
    await h.get('/v1/orders?olderThanMinutes=0').expect(422);
    await h.get('/v1/orders?reason=%00x').expect(422);
  });

  it('resolves a channel SKU through the channel mapping', async () => {
    h.catalog.mappings.set('shopify/SHOP-VARIANT-9', 'SKU-1');
    const order = canonicalOrder({
      lines: [{ ...canonicalOrder().lines[0], sku: 'SHOP-VARIANT-9' }],
    });
    const { body } = await h.post('/v1/orders', order).expect(202);
    const view = await h.waitForStatus(body.orderId, 'erp_confirmed');
    expect(view.lines[0].sku).toBe('SKU-1');
    const skus = view.timeline.find((t: any) => t.step === 'skus');
    expect(skus.transformations).toEqual([
      { lineId: '1', field: 'sku', from: 'SHOP-VARIANT-9', to: 'SKU-1' },
    ]);
  });

  it('holds a pending payment until an administrator releases it', async () => {
    const order = canonicalOrder({ payment: { ...canonicalOrder().payment, status: 'pending' } });
    const { body } = await h.post('/v1/orders', order).expect(202);
    const held = await h.waitForStatus(body.orderId, 'on_hold');
    expect(held.statusReason).toBe('payment pending');
    await h
      .post(`/v1/orders/${body.orderId}/release-hold`, {}, { 'x-api-key': 'shopify-key' })
      .expect(403);
    await h.post(`/v1/orders/${body.orderId}/release-hold`, {}).expect(200);
    await h.waitForStatus(body.orderId, 'erp_confirmed');
    await h.post(`/v1/orders/${body.orderId}/release-hold`, {}).expect(409);
  });

  it('ships partially then fully, once per event id, with the follow-on events', async () => {
    const base = canonicalOrder().lines[0];
    const order = canonicalOrder({ lines: [{ ...base, quantity: 3, discount: 100, tax: 300 }] });
    const { body } = await h.post('/v1/orders', order).expect(202);
    await h.waitForStatus(body.orderId, 'erp_confirmed');
    const event = (eventId: string, quantity: number) => ({
      eventId,
      orderId: body.orderId,
      type: 'shipped',
      lines: [{ lineId: '1', quantity, serialNumbers: quantity === 1 ? ['SN-1'] : undefined }],
      locationId: 'dc-1',
      carrier: 'dhl',
      trackingNumber: 'TRK1',
      occurredAt: '2026-11-21T10:00:00Z',
    });
    // A channel key never ships, a store only at its own location; the warehouse may.
    await h
      .post('/v1/fulfillment-events', event('ev-1', 1), { 'x-api-key': 'shopify-key' })
      .expect(403);
    await h
      .post('/v1/fulfillment-events', event('ev-1', 1), { 'x-api-key': 'store-1-key' })
      .expect(403);
    const first = await h
      .post('/v1/fulfillment-events', event('ev-1', 1), { 'x-api-key': 'wms-key' })
      .expect(200);
    expect(first.body).toEqual({
      eventId: 'ev-1',
      orderId: body.orderId,
      status: 'partially_fulfilled',
    });
    await h.post('/v1/fulfillment-events', event('ev-1', 1)).expect(200);
    await h.post('/v1/fulfillment-events', event('ev-2', 3)).expect(422);
    const last = await h.post('/v1/fulfillment-events', event('ev-3', 2)).expect(200);
    expect(last.body.status).toBe('fulfilled');
    const shipped = await outboxOf(h, body.orderId, 'retail.orders.v1.order.shipped');
    expect(shipped).toHaveLength(2);
    expect(shipped[0].payload.data.lines[0]).toMatchObject({
      lineId: '1',
      sku: 'SKU-1',
      quantity: 1,
      reservationId: `res-${body.orderId}.1`,
      serialNumbers: ['SN-1'],
    });
    const invoices = await outboxOf(h, body.orderId, 'retail.orders.v1.invoice.requested');
    const taxes = invoices.map((r: any) => r.payload.data.lines[0].tax);
    expect(taxes).toEqual([100, 200]);
    const notes = await outboxOf(
      h,
      body.orderId,
      'retail.orders.v1.customer-notification.requested',
    );
    expect(notes.map((r: any) => r.payload.data.kind)).toEqual(['order_shipped', 'order_shipped']);
    const view = (await h.get(`/v1/orders/${body.orderId}`)).body;
    expect(view.lines[0]).toMatchObject({ shippedQuantity: 3, serialNumbers: ['SN-1'] });
    await h.post(`/v1/orders/${body.orderId}/cancel`, {}).expect(409);
  });

  it('cancels: releases the reservations and cancels the ERP sales order', async () => {
    const { body } = await h.post('/v1/orders', canonicalOrder()).expect(202);
    await h.waitForStatus(body.orderId, 'erp_confirmed');
    const res = await h
      .post(
        `/v1/orders/${body.orderId}/cancel`,
        { reasonCode: 'customer_request' },
        { 'Idempotency-Key': 'c-1' },
      )
      .expect(200);
    expect(res.body).toMatchObject({ orderId: body.orderId, status: 'cancelled' });
    const again = await h
      .post(
        `/v1/orders/${body.orderId}/cancel`,
        { reasonCode: 'customer_request' },
        { 'Idempotency-Key': 'c-1' },
      )
      .expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const reservation = `res-${body.orderId}.1`;
    await eventually(async () => h.inventory.reservations.get(reservation)?.released);
    await eventually(async () => h.erp.cancelled.has(body.orderId));
    // The ERP answered; the order records it in the job's settling commit, just after.
    await eventually(
      async () => (await h.get(`/v1/orders/${body.orderId}`)).body.erp?.state === 'cancelled',
    );
    const view = (await h.get(`/v1/orders/${body.orderId}`)).body;
    expect(view).toMatchObject({ status: 'cancelled', erp: { state: 'cancelled' } });
    expect(await outboxOf(h, body.orderId, 'retail.orders.v1.order.cancelled')).toHaveLength(1);
  });

  it('keeps orders in awaiting_erp while the ERP is down and confirms each once after', async () => {
    h.erp.down = true;
    const before = h.erp.salesOrders.size;
    h.erp.peak = 0;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++)
      ids.push((await h.post('/v1/orders', canonicalOrder()).expect(202)).body.orderId);
    for (const id of ids) await h.waitForStatus(id, 'awaiting_erp');
    await new Promise((r) => setTimeout(r, 1500));
    const callsWhileDown = h.erp.calls;
    h.erp.down = false;
    for (const id of ids) await h.waitForStatus(id, 'erp_confirmed', 20_000);
    expect(h.erp.salesOrders.size - before).toBe(20);
    expect(h.erp.peak).toBeLessThanOrEqual(3);
    expect(callsWhileDown).toBeLessThan(200);
  });
});
