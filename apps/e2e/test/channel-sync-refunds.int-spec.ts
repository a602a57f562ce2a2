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
 * A return of a Shopify or BigCommerce order, refunded by our payment provider, appears in the
 * channel once as a refund carrying our return id (channel-sync's refund push, ADR 0024), on the
 * process stack with the channel simulator.
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

  /** The refunds the channel holds for the order, as our return id and amount (major units). */
  const REFUNDS_SHOWN: Record<string, (id: string) => Promise<Array<[string, string]>>> = {
    shopify: async (id) => {
      const native = (await sim('GET', `/admin/orders/shopify/${id}`)).body;
      return (native.refunds ?? []).map((r: Json) => [r.note, r.transactions[0].amount]);
    },
    bigcommerce: async (id) => {
      const hash = (await sim('GET', '/admin/credentials')).body.bigcommerce.storeHash;
      const listed = await stack.call(
        'channel-simulator',
        'GET',
        `/stores/${hash}/v3/orders/${id}/payment_actions/refunds`,
        undefined,
        { 'x-auth-token': (await sim('GET', '/admin/credentials')).body.bigcommerce.authToken },
      );
      return (listed.body.data ?? []).map((r: Json) => [
        r.items[0].reason,
        Number(r.total_amount).toFixed(2),
      ]);
    },
  };

  it.each(Object.keys(REFUNDS_SHOWN))(
    'a refunded return of a %s order appears in the channel once, with our return id',
    async (channel) => {
      const skus = [`RF-${channel.toUpperCase()}-1`];
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
      const { channelOrderId, order } = await channelOrderImported(stack, channel, skus);
      await recordFulfillment(
        stack,
        wholeOrderShipped(order, DC, { carrier: 'UPS', trackingNumber: `1ZREFUND-${channel}` }),
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

      const shown = () => REFUNDS_SHOWN[channel](channelOrderId);
      const refunds = await eventually(
        async () => {
          const now = await shown();
          if (now.length === 0) throw new Error(`no refund in ${channel} yet`);
          return now;
        },
        120_000,
        500,
      );
      expect(refunds).toEqual([[`return ${returnId}`, (done.refund.total / 100).toFixed(2)]]);

      // The push is done (no refund waiting or dead) and the channel holds exactly one refund.
      await eventually(async () => {
        const listed = (await stack.call('channel-sync', 'GET', '/v1/channels')).body
          .items as Json[];
        const account = listed.find((i) => i.channel === channel);
        return account?.outbound.refund.depth === 0 && account.outbound.refund.deadLettered === 0;
      });
      expect(await shown()).toHaveLength(1);
      const calls = (await sim('GET', `/admin/calls?channel=${channel}&kind=refund&limit=1000`))
        .body;
      expect(calls.filter((c: Json) => String(c.orderId) === String(channelOrderId))).toHaveLength(
        1,
      );
    },
  );
});
