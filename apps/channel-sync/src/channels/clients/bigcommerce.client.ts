import type {
  AvailabilityPush,
  CancellationPush,
  ChannelOutbound,
  PushResult,
  RefundPush,
  ShipmentPush,
} from '../channel-outbound';
import { ChannelRejectedError } from '../http/channel-errors';
import {
  allocate,
  alreadyShipped,
  majorUnits,
  orderToPush,
  refundNote,
  shipmentNote,
} from './outbound-support';
import type { ChannelClient, ChannelOrderRef, OrderPage, PullWindow } from '../channel-client';
import { channelTime, idOf } from '../channel-client';
import type { ChannelHttp } from '../http/channel-http';
import { decodeKeyset, encodeKeyset, nextKeyset } from '../keyset';

type Json = Record<string, unknown>;
/** BigCommerce's `status_id` 5: Cancelled. */
const CANCELLED = 5;
const SUB_PAGE = 250;

/**
 * BigCommerce V2 orders: listed by `min_date_modified` sorted by date_modified (keyset pages,
 * `keyset.ts`);
 * each forwarded order gets its `products` and `shipping_addresses` embedded, as
 * order-ingestion's bigcommerce route needs them.
 */
export class BigCommerceClient implements ChannelClient, ChannelOutbound {
  constructor(private readonly http: ChannelHttp) {}

  private get base(): string {
    return `/stores/${encodeURIComponent(this.http.account.settings.STORE_HASH)}/v2`;
  }

  private get headers() {
    return { 'x-auth-token': this.http.account.settings.ACCESS_TOKEN };
  }

  async listUpdated(
    window: PullWindow,
    pageToken: string | undefined,
    pageSize: number,
  ): Promise<OrderPage> {
    const at = decodeKeyset(pageToken, window.since);
    const limit = Math.min(250, pageSize);
    const q = new URLSearchParams({
      min_date_modified: at.since,
      sort: 'date_modified:asc',
      page: String(at.page),
      limit: String(limit),
    });
    const listed = await this.get<Json[]>('listOrders', `/orders?${q}`);
    const orders = (Array.isArray(listed) ? listed : []).map(refOf);
    const next = nextKeyset(at, orders, orders.length >= limit);
    return { orders, ...(next ? { next: encodeKeyset(next) } : {}) };
  }

  async complete(ref: ChannelOrderRef): Promise<unknown> {
    const id = encodeURIComponent(ref.id);
    const products = await this.allPages(`/orders/${id}/products`, 'listOrderProducts');
    const addresses = await this.allPages(
      `/orders/${id}/shipping_addresses`,
      'listShippingAddresses',
    );
    return { ...ref.raw, products, shipping_addresses: addresses };
  }

  async fetchOrder(id: string): Promise<ChannelOrderRef | undefined> {
    const order = await this.get<Json>('getOrder', `/orders/${encodeURIComponent(id)}`);
    return order && typeof order === 'object' && !Array.isArray(order) ? refOf(order) : undefined;
  }

  private async allPages(path: string, operation: string): Promise<Json[]> {
    const all: Json[] = [];
    for (let page = 1; ; page++) {
      const rows = await this.get<Json[]>(operation, `${path}?page=${page}&limit=${SUB_PAGE}`);
      const list = Array.isArray(rows) ? rows : [];
      all.push(...list);
      if (list.length < SUB_PAGE) return all;
    }
  }

  /** The body, or undefined for 204 No Content (an empty list) and 404. */
  private async get<T>(operation: string, path: string): Promise<T | undefined> {
    const res = await this.http.call<T>({
      operation,
      method: 'GET',
      path: `${this.base}${path}`,
      headers: this.headers,
    });
    return res.status === 200 ? res.body : undefined;
  }

  // Outbound: absolute inventory adjustments (v3, many items per call) and v2 shipments.
  readonly availabilityBatch = 100;

  defaultLocation(): string {
    return this.http.account.settings.LOCATION_ID;
  }

  async pushAvailability(pushes: AvailabilityPush[]): Promise<void> {
    const hash = encodeURIComponent(this.http.account.settings.STORE_HASH);
    await this.http.write({
      operation: 'setInventoryAbsolute',
      method: 'PUT',
      path: `/stores/${hash}/v3/inventory/adjustments/absolute`,
      headers: this.headers,
      json: {
        reason: 'availability from retail middleware',
        items: pushes.map((p) => ({
          location_id: Number(p.location),
          sku: p.channelSku,
          quantity: p.quantity,
        })),
      },
    });
  }

  /** Cancels the order (`status_id` 5, whole order); a cancelled order is left as is. */
  async cancelOrder(c: CancellationPush): Promise<PushResult> {
    const ref = await orderToPush(this, 'bigcommerce', c.channelOrderId);
    if (ref.cancelled) return 'already-applied';
    await this.http.write({
      operation: 'updateOrder',
      method: 'PUT',
      path: `${this.base}/orders/${encodeURIComponent(c.channelOrderId)}`,
      headers: this.headers,
      json: { status_id: CANCELLED },
    });
    return 'applied';
  }

  /**
   * A refund of our amount on the order (v3 payment actions): an `ORDER` item whose `reason` is
   * our return id, to the first refund method the store's refund quote offers. Already applied
   * when one of the order's refunds carries that reason.
   */
  async refundReturn(r: RefundPush): Promise<PushResult> {
    const hash = encodeURIComponent(this.http.account.settings.STORE_HASH);
    const base = `/stores/${hash}/v3/orders/${encodeURIComponent(r.channelOrderId)}/payment_actions`;
    const listed = await this.http.call<{ data?: Json[] }>({
      operation: 'listRefunds',
      method: 'GET',
      path: `${base}/refunds`,
      headers: this.headers,
    });
    if (listed.status === 404)
      throw new ChannelRejectedError('bigcommerce', 404, `no order ${r.channelOrderId}`);
    const note = refundNote(r);
    const ours = (x: Json) => ((x.items ?? []) as Json[]).some((i) => i.reason === note);
    if ((listed.body?.data ?? []).some(ours)) return 'already-applied';
    const amount = Number(majorUnits(r.amount, r.currency));
    const items = [{ item_type: 'ORDER', item_id: Number(r.channelOrderId), amount, reason: note }];
    const quote = await this.http.write<{ data?: { refund_methods?: Json[][] } }>({
      operation: 'createRefundQuote',
      method: 'POST',
      path: `${base}/refund_quotes`,
      headers: this.headers,
      json: { items },
    });
    const method = quote.body?.data?.refund_methods?.[0]?.[0];
    if (!method)
      throw new ChannelRejectedError('bigcommerce', 422, 'the refund quote offers no method');
    await this.http.write({
      operation: 'createRefund',
      method: 'POST',
      path: `${base}/refunds`,
      headers: this.headers,
      json: {
        items,
        payments: [{ provider_id: method.provider_id, amount, offline: method.offline === true }],
      },
    });
    return 'applied';
  }

  /** What the store shows (`available_to_sell`) per SKU and location, 50 SKUs per call. */
  async readAvailability(items: Array<Omit<AvailabilityPush, 'quantity'>>) {
    const hash = encodeURIComponent(this.http.account.settings.STORE_HASH);
    const shown: AvailabilityPush[] = [];
    const skus = [...new Set(items.map((i) => i.channelSku))];
    const locations = [...new Set(items.map((i) => i.location))].join(',');
    for (let i = 0; i < skus.length; i += 50) {
      const q = new URLSearchParams({
        'sku:in': skus.slice(i, i + 50).join(','),
        'location_id:in': locations,
        limit: '250',
      });
      const res = await this.http.call<{ data?: Json[] }>({
        operation: 'getInventoryItems',
        method: 'GET',
        path: `/stores/${hash}/v3/inventory/items?${q}`,
        headers: this.headers,
      });
      for (const item of res.body?.data ?? []) {
        const sku = String((item.identity as Json | undefined)?.sku ?? '');
        for (const l of (item.locations ?? []) as Json[])
          shown.push({
            channelSku: sku,
            location: String(l.location_id),
            quantity: Number(l.available_to_sell ?? 0),
          });
      }
    }
    return shown;
  }

  /**
   * A shipment of the units still unshipped of the shipped SKUs. Already applied when one of the
   * order's shipments carries our shipment id (comments) or tracking number, or when no unit is.
   */
  async confirmShipment(s: ShipmentPush): Promise<PushResult> {
    const id = encodeURIComponent(s.channelOrderId);
    const shipments = await this.allPages(`/orders/${id}/shipments`, 'listShipments');
    const found = shipments.map((x) => ({
      notes: [x.comments],
      trackingNumbers: [x.tracking_number],
    }));
    if (alreadyShipped(found, s)) return 'already-applied';
    const products = await this.allPages(`/orders/${id}/products`, 'listOrderProducts');
    const open = products.map((p) => ({
      id: Number(p.id),
      sku: typeof p.sku === 'string' ? p.sku : undefined,
      open: Number(p.quantity ?? 0) - Number(p.quantity_shipped ?? 0),
      address: Number(p.order_address_id),
    }));
    const picked = allocate(s.lines, open);
    if (picked.length === 0) return 'already-applied';
    await this.http.write({
      operation: 'createShipment',
      method: 'POST',
      path: `${this.base}/orders/${id}/shipments`,
      headers: this.headers,
      json: {
        order_address_id: open.find((p) => p.id === picked[0].id)?.address,
        items: picked.map((p) => ({ order_product_id: p.id, quantity: p.quantity })),
        tracking_number: s.trackingNumber,
        shipping_provider: '',
        tracking_carrier: s.carrier,
        comments: shipmentNote(s),
      },
    });
    return 'applied';
  }
}

function refOf(o: Json): ChannelOrderRef {
  return {
    id: idOf(o.id, 'id'),
    updatedAt: channelTime(o.date_modified ?? o.date_created, 'date_modified'),
    cancelled: Number(o.status_id) === CANCELLED,
    status: String(o.status ?? o.status_id ?? ''),
    raw: o,
  };
}
