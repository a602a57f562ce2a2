import type { ChannelOutbound, ShipmentPush } from '../channel-outbound';
import type { ChannelHttp, ChannelRequest } from '../http/channel-http';
import { AdobeCommerceClient } from './adobe-commerce.client';
import { AmazonClient, packageReferenceOf } from './amazon.client';
import { BigCommerceClient } from './bigcommerce.client';

type Json = Record<string, unknown>;

/** One order line of SKU `A`, 5 units, and the shipments the channel holds for it. */
interface Order {
  shipped: number;
  shipments: Array<{ note?: string; tracking?: string; quantity: number }>;
}

/**
 * A fake channel speaking just enough of each vendor's API: the order's line with its shipped
 * units, the order's shipments (Amazon packages, BigCommerce shipments, Magento shipments with
 * comments and tracks) and the shipment write, refusing units above what is open as the vendors do.
 */
function fakeChannel(channel: 'amazon' | 'bigcommerce' | 'adobe-commerce') {
  const order: Order = { shipped: 0, shipments: [] };
  const writes: ChannelRequest[] = [];
  const reply = (body: unknown, status = 200) => ({ status, body, headers: new Headers() });
  const answer = (req: ChannelRequest) => {
    const path = req.path;
    if (path.includes('/auth/o2/token')) return reply({ access_token: 't', expires_in: 3600 });
    // Amazon
    if (path.startsWith('/orders/2026-01-01/orders/'))
      return reply({
        order: {
          packages: order.shipments.map((s) => ({
            packageReferenceId: s.note,
            trackingNumber: s.tracking,
          })),
        },
      });
    if (path.includes('/orderItems'))
      return reply({
        payload: {
          OrderItems: [
            {
              OrderItemId: 'oi-1',
              SellerSKU: 'A',
              QuantityOrdered: 5,
              QuantityShipped: order.shipped,
            },
          ],
        },
      });
    if (path.endsWith('/shipmentConfirmation')) {
      const pkg = (req.json as Json).packageDetail as Json;
      const quantity = (pkg.orderItems as Json[]).reduce((n, i) => n + Number(i.quantity), 0);
      return ship(pkg.packageReferenceId as string, pkg.trackingNumber as string, quantity);
    }
    // BigCommerce
    if (path.includes('/v2/orders/900/products'))
      return reply(
        path.includes('page=1')
          ? [
              {
                id: 11,
                sku: 'A',
                quantity: 5,
                quantity_shipped: order.shipped,
                order_address_id: 7,
              },
            ]
          : [],
      );
    if (path.includes('/v2/orders/900/shipments') && req.method === 'GET')
      return order.shipments.length === 0 || !path.includes('page=1')
        ? reply(undefined, 204)
        : reply(order.shipments.map((s) => ({ comments: s.note, tracking_number: s.tracking })));
    if (path.endsWith('/v2/orders/900/shipments')) {
      const b = req.json as Json;
      const quantity = (b.items as Json[]).reduce((n, i) => n + Number(i.quantity), 0);
      return ship(b.comments as string, b.tracking_number as string, quantity);
    }
    // Adobe Commerce
    if (path.startsWith('/rest/V1/orders?'))
      return reply({
        items: [
          {
            entity_id: 42,
            increment_id: '000000042',
            updated_at: '2026-01-01 00:00:00',
            items: [{ item_id: 1, sku: 'A', qty_ordered: 5, qty_shipped: order.shipped }],
          },
        ],
        total_count: 1,
      });
    if (path.startsWith('/rest/V1/shipments?')) {
      expect(
        new URLSearchParams(path.split('?')[1]).get(
          'searchCriteria[filter_groups][0][filters][0][value]',
        ),
      ).toBe('42');
      return reply({
        items: order.shipments.map((s) => ({
          comments: s.note ? [{ comment: s.note }] : [],
          tracks: s.tracking ? [{ track_number: s.tracking }] : [],
        })),
      });
    }
    if (path === '/rest/V1/order/42/ship') {
      const b = req.json as Json;
      const quantity = (b.items as Json[]).reduce((n, i) => n + Number(i.qty), 0);
      const track = (b.tracks as Json[] | undefined)?.[0]?.track_number as string | undefined;
      return ship((b.comment as Json).comment as string, track, quantity);
    }
    return reply(undefined, 404);
  };
  const ship = (note: string | undefined, tracking: string | undefined, quantity: number) => {
    if (order.shipped + quantity > 5) return reply({ message: 'more than open' }, 400);
    order.shipped += quantity;
    order.shipments.push({ note, tracking, quantity });
    return reply('1', 201);
  };
  const http = {
    account: {
      channel,
      settings: { MARKETPLACE_IDS: 'M1', STORE_HASH: 'store1', ACCESS_TOKEN: 'x' },
    },
    call: async (req: ChannelRequest) => answer(req),
    write: async (req: ChannelRequest) => {
      writes.push(req);
      return answer(req);
    },
  } as unknown as ChannelHttp;
  return { order, writes, http };
}

const clients = {
  amazon: (http: ChannelHttp) => new AmazonClient(http),
  bigcommerce: (http: ChannelHttp) => new BigCommerceClient(http),
  'adobe-commerce': (http: ChannelHttp) => new AdobeCommerceClient(http),
};
const orderIds = {
  amazon: '111-0000001-0000001',
  bigcommerce: '900',
  'adobe-commerce': '000000042',
};

describe.each(Object.keys(clients) as Array<keyof typeof clients>)(
  '%s shipment idempotency',
  (channel) => {
    const shipment = (id: string, tracking: string, quantity: number): ShipmentPush => ({
      channelOrderId: orderIds[channel],
      shipmentId: id,
      carrier: 'UPS',
      trackingNumber: tracking,
      lines: [{ sku: 'A', quantity }],
      shippedAt: '2026-01-01T00:00:00Z',
    });

    it('writes a partial shipment pushed twice once, and a second partial shipment of the SKU', async () => {
      const fake = fakeChannel(channel);
      const client = clients[channel](fake.http) as ChannelOutbound;
      const first = shipment('ship-1', '1Z001', 2);
      const second = shipment('ship-2', '1Z002', 2);

      expect(await client.confirmShipment!(first)).toBe('applied');
      // Retried (crash after the write, before the ack): 3 units are still open, yet nothing moves.
      expect(await client.confirmShipment!(first)).toBe('already-applied');
      expect(await client.confirmShipment!(second)).toBe('applied');
      expect(await client.confirmShipment!(second)).toBe('already-applied');
      expect(await client.confirmShipment!(first)).toBe('already-applied');

      expect(fake.writes).toHaveLength(2);
      expect(fake.order.shipped).toBe(4);
      expect(fake.order.shipments.map((s) => [s.tracking, s.quantity])).toEqual([
        ['1Z001', 2],
        ['1Z002', 2],
      ]);
    });

    it('knows a shipment by its tracking number alone (written before the note existed)', async () => {
      const fake = fakeChannel(channel);
      fake.order.shipped = 1;
      fake.order.shipments.push({ tracking: '1Z003', quantity: 1 });
      const client = clients[channel](fake.http) as ChannelOutbound;
      expect(await client.confirmShipment!(shipment('ship-3', '1Z003', 1))).toBe('already-applied');
      expect(fake.writes).toHaveLength(0);
    });
  },
);

describe('Amazon package reference', () => {
  it('is a positive number of at most 15 digits, the same for a shipment id every time', () => {
    const ids = ['fe-900-1', 'fe-900-2', '6f1c2e0a-3b9d-4c55-9a7e-1d2f3a4b5c6d', ''];
    const refs = ids.map(packageReferenceOf);
    for (const ref of refs) expect(ref).toMatch(/^[1-9][0-9]{0,14}$/);
    expect(ids.map(packageReferenceOf)).toEqual(refs);
    expect(new Set(refs).size).toBe(ids.length);
  });

  it('is what confirmShipment sends, so a retried push finds its package', async () => {
    const fake = fakeChannel('amazon');
    const client = new AmazonClient(fake.http);
    const push: ShipmentPush = {
      channelOrderId: orderIds.amazon,
      shipmentId: 'fe-amazon-1',
      carrier: 'UPS',
      trackingNumber: '1Z-A1',
      lines: [{ sku: 'A', quantity: 1 }],
      shippedAt: '2026-01-01T00:00:00Z',
    };
    expect(await client.confirmShipment(push)).toBe('applied');
    // Same shipment, tracking number lost on the way: found by its package reference alone.
    expect(await client.confirmShipment({ ...push, trackingNumber: undefined })).toBe(
      'already-applied',
    );
    expect(fake.writes).toHaveLength(1);
    const pkg = (fake.writes[0].json as Json).packageDetail as Json;
    expect(pkg.packageReferenceId).toBe(packageReferenceOf('fe-amazon-1'));
  });
});
