import type { ChannelOutbound, RefundPush } from '../channel-outbound';
import { ChannelRejectedError } from '../http/channel-errors';
import type { ChannelHttp, ChannelRequest } from '../http/channel-http';
import { AdobeCommerceClient } from './adobe-commerce.client';
import { BigCommerceClient } from './bigcommerce.client';
import { majorUnits } from './outbound-support';
import { ShopifyClient } from './shopify.client';

type Json = Record<string, any>;

/** A ChannelHttp answering from `route`, keeping the writes, and a refund store per order. */
function fakeHttp(
  channel: string,
  route: (req: ChannelRequest) => { status?: number; body: unknown },
) {
  const writes: ChannelRequest[] = [];
  const respond = async (req: ChannelRequest) => {
    const a = route(req);
    return { status: a.status ?? 200, body: a.body, headers: new Headers() };
  };
  const http = {
    account: { channel, settings: { API_VERSION: '2024-04', ACCESS_TOKEN: 'x', STORE_HASH: 's1' } },
    call: respond,
    write: async (req: ChannelRequest) => {
      writes.push(req);
      return respond(req);
    },
  } as unknown as ChannelHttp;
  return { http, writes };
}

const refund = (channelOrderId: string): RefundPush => ({
  channelOrderId,
  refundId: 'ret-7',
  currency: 'EUR',
  amount: 2150,
  lines: [{ sku: 'A', quantity: 2, amount: 2150 }],
});

describe('refund pushes', () => {
  it('majorUnits follows the currency exponent', () => {
    expect(majorUnits(2150, 'EUR')).toBe('21.50');
    expect(majorUnits(2150, 'JPY')).toBe('2150');
    expect(majorUnits(2150, 'KWD')).toBe('2.150');
  });

  describe('Shopify', () => {
    const shopify = (order: Json) => {
      const fake = fakeHttp('shopify', (req) => {
        if (req.path.endsWith('/orders/1001.json')) return { body: { order } };
        if (req.path.endsWith('/transactions.json'))
          return {
            body: {
              transactions: [
                { id: 9, kind: 'authorization', status: 'success', gateway: 'bogus' },
                { id: 10, kind: 'capture', status: 'success', gateway: 'bogus' },
              ],
            },
          };
        if (req.path.endsWith('/refunds.json')) {
          order.refunds.push({ note: (req.json as Json).refund.note });
          return { body: { refund: { id: 1 } } };
        }
        return { status: 404, body: { errors: 'Not Found' } };
      });
      return { fake, sut: new ShopifyClient(fake.http) as ChannelOutbound };
    };
    const order = () => ({
      id: 1001,
      financial_status: 'paid',
      updated_at: '2026-01-01T00:00:00Z',
      line_items: [
        { id: 501, sku: 'A', quantity: 1 },
        { id: 502, sku: 'A', quantity: 3 },
      ],
      refunds: [] as Json[],
    });

    it('refunds the units and our amount against the capture, once', async () => {
      const { fake, sut } = shopify(order());
      expect(await sut.refundReturn!(refund('1001'))).toBe('applied');
      expect(await sut.refundReturn!(refund('1001'))).toBe('already-applied');
      expect(fake.writes).toHaveLength(1);
      expect(fake.writes[0].path).toBe('/admin/api/2024-04/orders/1001/refunds.json');
      expect(fake.writes[0].json).toEqual({
        refund: {
          currency: 'EUR',
          notify: true,
          note: 'return ret-7',
          refund_line_items: [
            { line_item_id: 501, quantity: 1, restock_type: 'no_restock' },
            { line_item_id: 502, quantity: 1, restock_type: 'no_restock' },
          ],
          transactions: [{ parent_id: 10, amount: '21.50', kind: 'refund', gateway: 'bogus' }],
        },
      });
    });

    it('leaves an order refunded in Shopify itself alone (no echo)', async () => {
      const { fake, sut } = shopify({ ...order(), financial_status: 'refunded' });
      expect(await sut.refundReturn!(refund('1001'))).toBe('already-applied');
      expect(fake.writes).toHaveLength(0);
    });

    it('refuses an order the store does not know', async () => {
      const { sut } = shopify(order());
      await expect(sut.refundReturn!(refund('404'))).rejects.toBeInstanceOf(ChannelRejectedError);
    });
  });

  describe('BigCommerce', () => {
    it('refunds our amount by the quoted method, our return id as the item reason, once', async () => {
      const refunds: Json[] = [];
      const fake = fakeHttp('bigcommerce', (req) => {
        const base = '/stores/s1/v3/orders/900/payment_actions';
        if (req.path === `${base}/refunds` && req.method === 'GET')
          return { body: { data: refunds } };
        if (req.path === `${base}/refund_quotes`)
          return {
            body: {
              data: {
                refund_methods: [[{ provider_id: 'braintree', amount: 21.5, offline: false }]],
              },
            },
          };
        if (req.path === `${base}/refunds`) {
          refunds.push(req.json as Json);
          return { status: 201, body: { data: { id: 1 } } };
        }
        return { status: 404, body: [{ status: 404 }] };
      });
      const sut = new BigCommerceClient(fake.http) as ChannelOutbound;
      expect(await sut.refundReturn!(refund('900'))).toBe('applied');
      expect(await sut.refundReturn!(refund('900'))).toBe('already-applied');
      const created = fake.writes.filter((w) => w.path.endsWith('/refunds'));
      expect(created).toHaveLength(1);
      expect(created[0].json).toEqual({
        items: [{ item_type: 'ORDER', item_id: 900, amount: 21.5, reason: 'return ret-7' }],
        payments: [{ provider_id: 'braintree', amount: 21.5, offline: false }],
      });
      await expect(sut.refundReturn!(refund('901'))).rejects.toBeInstanceOf(ChannelRejectedError);
    });
  });

  describe('Adobe Commerce', () => {
    const adobe = (state = 'complete') => {
      const memos: Json[] = [];
      const fake = fakeHttp('adobe-commerce', (req) => {
        if (req.path.startsWith('/rest/V1/orders?'))
          return {
            body: {
              items: [
                {
                  entity_id: 42,
                  increment_id: '000000042',
                  state,
                  updated_at: '2026-01-01 00:00:00',
                  items: [
                    { item_id: 1, sku: 'A', qty_invoiced: 2, qty_refunded: 0 },
                    { item_id: 2, sku: 'A', parent_item_id: 1, qty_invoiced: 2, qty_refunded: 0 },
                  ],
                },
              ],
              total_count: 1,
            },
          };
        if (req.path.startsWith('/rest/V1/creditmemos?')) return { body: { items: memos } };
        if (req.path === '/rest/V1/order/42/refund') {
          memos.push({ comments: [(req.json as Json).comment] });
          return { body: '"7"' };
        }
        return { status: 404, body: { message: 'not found' } };
      });
      return { fake, sut: new AdobeCommerceClient(fake.http) as ChannelOutbound };
    };

    it('creates one credit memo of the invoiced units, our return id as its comment', async () => {
      const { fake, sut } = adobe();
      expect(await sut.refundReturn!(refund('000000042'))).toBe('applied');
      expect(await sut.refundReturn!(refund('000000042'))).toBe('already-applied');
      expect(fake.writes).toHaveLength(1);
      expect(fake.writes[0].json).toEqual({
        items: [{ order_item_id: 1, qty: 2 }],
        notify: true,
        appendComment: true,
        comment: { comment: 'return ret-7', is_visible_on_front: 0 },
        arguments: { shipping_amount: 0, adjustment_positive: 0, adjustment_negative: 0 },
      });
    });

    it('leaves an order closed in Magento alone (refunded there)', async () => {
      const { fake, sut } = adobe('closed');
      expect(await sut.refundReturn!(refund('000000042'))).toBe('already-applied');
      expect(fake.writes).toHaveLength(0);
    });
  });
});
