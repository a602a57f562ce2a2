import { randomUUID } from 'crypto';
import {
  CHANNEL_ORDER_SERVICES,
  channelOrderImported,
  DRIVEN_CHANNEL_SYNC_ENV,
  recordFulfillment,
  wholeOrderShipped,
} from '../src/channel-orders';
import { createProducts } from '../src/master-data';
import { eventually, Stack, startStack } from '../src/stack';

jest.setTimeout(600_000);

type Json = Record<string, any>;
const DC = 'dc-refund-1';

/**
 * A return of a Shopify order, refunded by our payment provider, appears in Shopify once as a
 * refund carrying our return id (channel-sync's refund push, ADR 0024), on the process stack with
 * the channel simulator.
 */
describe('channel-sync refunds end to end', () => {
  let stack: Stack;
  const sim = (method: string, path: string) => stack.call('channel-simulator', method, path);

  beforeAll(async () => {
    stack = await startStack({
      only: [...CHANNEL_ORDER_SERVICES, 'returns'],
      env: {
        'channel-sync': DRIVEN_CHANNEL_SYNC_ENV,
        returns: { RETURNS_APPROVAL_THRESHOLD: '100000000' },
      },
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('a refunded return of a Shopify order appears in Shopify once, with our return id', async () => {
    const skus = ['RF-SKU-1'];
    await createProducts(stack, skus);
    const receipt = await stack.call('inventory', 'POST', '/v1/inventory/movements', [
      {
        eventId: `rf-receipt-${randomUUID()}`,
        source: 'wms',
        sourceSequence: 1,
        occurredAt: new Date().toISOString(),
        type: 'receipt',
        sku: skus[0],
        locationId: DC,
        quantity: 50,
      },
    ]);
    expect(receipt.status).toBe(200);
    const { channelOrderId, order } = await channelOrderImported(stack, 'shopify', skus);
    await recordFulfillment(
      stack,
      wholeOrderShipped(order, DC, { carrier: 'UPS', trackingNumber: '1ZREFUND0001' }),
    );

    const line = order.lines[0];
    const key = randomUUID();
    const created = await eventually(
      async () => {
        const res = await stack.call(
          'returns',
          'POST',
          '/v1/returns',
          {
            orderId: order.orderId,
            channel: 'pos',
            locationId: DC,
            lines: [{ lineId: line.lineId, quantity: 1, reasonCode: 'changed_mind' }],
            resolution: 'refund',
          },
          { 'idempotency-key': key },
        );
        if (res.status !== 201)
          throw new Error(`return: HTTP ${res.status} ${JSON.stringify(res.body)}`);
        return res;
      },
      60_000,
      1000,
    );
    const returnId: string = created.body.returnId;
    await stack.call('returns', 'POST', `/v1/returns/${returnId}/receive`, {});
    await stack.call('returns', 'POST', `/v1/returns/${returnId}/inspection`, {
      lines: [{ lineId: line.lineId, condition: 'new' }],
    });
    const done = await eventually(
      async () => {
        const res = await stack.call('returns', 'GET', `/v1/returns/${returnId}`);
        if (res.body?.status !== 'closed') throw new Error(`return is ${res.body?.status}`);
        return res.body;
      },
      120_000,
      500,
    );
    expect(done.refund.total).toBeGreaterThan(0);

    const refundsInShopify = async (): Promise<Json[]> =>
      (await sim('GET', `/admin/orders/shopify/${channelOrderId}`)).body.refunds ?? [];
    const [refund] = await eventually(
      async () => {
        const refunds = await refundsInShopify();
        if (refunds.length === 0) throw new Error('no refund in Shopify yet');
        return refunds;
      },
      120_000,
      500,
    );
    expect(refund.note).toBe(`return ${returnId}`);
    expect(refund.transactions).toEqual([
      expect.objectContaining({ kind: 'refund', amount: (done.refund.total / 100).toFixed(2) }),
    ]);
    expect(refund.refund_line_items).toEqual([
      expect.objectContaining({ quantity: 1, restock_type: 'no_restock' }),
    ]);

    // The push is done (no refund waiting or dead) and the channel holds exactly one refund.
    await eventually(async () => {
      const listed = (await stack.call('channel-sync', 'GET', '/v1/channels')).body.items as Json[];
      const shopify = listed.find((i) => i.channel === 'shopify');
      return shopify?.outbound.refund.depth === 0 && shopify.outbound.refund.deadLettered === 0;
    });
    expect(await refundsInShopify()).toHaveLength(1);
    const calls = (await sim('GET', '/admin/calls?channel=shopify&kind=refund&limit=1000')).body;
    expect(calls.filter((c: Json) => String(c.orderId) === String(channelOrderId))).toHaveLength(1);
  });
});
