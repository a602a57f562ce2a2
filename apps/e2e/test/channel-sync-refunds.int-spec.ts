import { randomUUID } from 'crypto';
import {
  CHANNEL_ORDER_SERVICES,
  channelOrderImported,
  DRIVEN_CHANNEL_SYNC_ENV,
  recordFulfillment,
  squareVariationsMapped,
  wholeOrderShipped,
} from '../src/channel-orders';
import { createProducts } from '../src/master-data';
import { eventually, Stack, startStack } from '../src/stack';

jest.setTimeout(600_000);

type Json = Record<string, any>;
const DC = 'dc-refund-1';

/**
 * A return of a Shopify, BigCommerce, Square or Adobe Commerce order, refunded by our payment
 * provider, appears in the channel once as a refund carrying our return id (channel-sync's refund push, ADR 0024), on the
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
      // Seven processes start at once on a shared machine: give them time.
      readyTimeoutMs: 240_000,
    });
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  const credentials = async () => (await sim('GET', '/admin/credentials')).body;
  /** A vendor API call to the simulator with these headers. */
  const vendor = (path: string, headers: Record<string, string>) =>
    stack.call('channel-simulator', 'GET', path, undefined, headers);
  const byOrderId = (id: string) =>
    new URLSearchParams({
      'searchCriteria[filter_groups][0][filters][0][field]': 'order_id',
      'searchCriteria[filter_groups][0][filters][0][value]': id,
      'searchCriteria[filter_groups][0][filters][0][condition_type]': 'eq',
    });

  /**
   * The refunds the channel holds for the order (its id in the simulator), as our return id and
   * amount (major units).
   */
  const REFUNDS_SHOWN: Record<string, (id: string) => Promise<Array<[string, string]>>> = {
    shopify: async (id) => {
      const native = (await sim('GET', `/admin/orders/shopify/${id}`)).body;
      return (native.refunds ?? []).map((r: Json) => [r.note, r.transactions[0].amount]);
    },
    bigcommerce: async (id) => {
      const { bigcommerce } = await credentials();
      const listed = await vendor(
        `/stores/${bigcommerce.storeHash}/v3/orders/${id}/payment_actions/refunds`,
        { 'x-auth-token': bigcommerce.authToken },
      );
      return (listed.body.data ?? []).map((r: Json) => [
        r.items[0].reason,
        Number(r.total_amount).toFixed(2),
      ]);
    },
    // ListPaymentRefunds: every refund of the account, ours are those of the order.
    square: async (id) => {
      const { square } = await credentials();
      const listed = await vendor('/v2/refunds?sort_order=ASC', {
        authorization: `Bearer ${square.accessToken}`,
      });
      return (listed.body.refunds ?? [])
        .filter((r: Json) => r.order_id === id)
        .map((r: Json) => [r.reason, (r.amount_money.amount / 100).toFixed(2)]);
    },
    // The order's credit memos (salesCreditmemoRepositoryV1GetList by order_id), by comment.
    'adobe-commerce': async (id) => {
      const adobe = (await credentials())['adobe-commerce'];
      const listed = await vendor(`/rest/V1/creditmemos?${byOrderId(id)}`, {
        authorization: `Bearer ${adobe.integrationToken}`,
      });
      return (listed.body.items ?? []).map((m: Json) => [
        m.comments[0]?.comment,
        Number(m.grand_total).toFixed(2),
      ]);
    },
  };

  /**
   * What makes a seeded order paid in the channel, so that it is imported as paid (a Square order
   * without a tender, an Adobe Commerce order not invoiced, is held): Square, a captured card
   * tender of the total; Adobe Commerce, invoiced and paid in full (only invoiced units can be
   * refunded by a credit memo).
   */
  const PAID: Record<string, ((native: Json) => Json) | undefined> = {
    square: (native) => ({
      tenders: [
        {
          id: `TENDER-${native.id}`,
          location_id: native.location_id,
          type: 'CARD',
          payment_id: `PAY-${randomUUID()}`,
          amount_money: native.total_money,
          card_details: { status: 'CAPTURED' },
        },
      ],
    }),
    'adobe-commerce': (native) => ({
      state: 'processing',
      status: 'processing',
      total_invoiced: native.grand_total,
      total_paid: native.grand_total,
      payment: {
        ...native.payment,
        amount_paid: native.grand_total,
        base_amount_paid: native.grand_total,
      },
      items: native.items.map((i: Json) => ({ ...i, qty_invoiced: i.qty_ordered })),
    }),
  };

  /**
   * How far the channel's amount may be from ours, in major units: Magento computes a credit
   * memo from the order's items (price and tax prorated per unit, rounded per item), while our
   * refund prorates the line's tax itself; the two may differ by a cent per line.
   */
  const ROUNDING: Record<string, number> = { 'adobe-commerce': 0.01 };

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
      if (channel === 'square') await squareVariationsMapped(stack, skus);
      const { simulatorId, order } = await channelOrderImported(
        stack,
        channel,
        skus,
        PAID[channel],
      );
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

      const shown = () => REFUNDS_SHOWN[channel](simulatorId);
      const refunds = await eventually(
        async () => {
          const now = await shown();
          if (now.length === 0) throw new Error(`no refund in ${channel} yet`);
          return now;
        },
        120_000,
        500,
      );
      expect(refunds).toEqual([[`return ${returnId}`, expect.any(String)]]);
      const [[, amount]] = refunds;
      const ours = done.refund.total / 100;
      expect(Math.abs(Number(amount) - ours)).toBeLessThanOrEqual((ROUNDING[channel] ?? 0) + 1e-9);

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
      expect(calls.filter((c: Json) => String(c.orderId) === String(simulatorId))).toHaveLength(1);
    },
  );
});
