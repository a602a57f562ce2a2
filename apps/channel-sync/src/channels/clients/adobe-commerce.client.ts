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
  type AvailabilityEntry,
  distinct,
  orderToPush,
  refundNote,
  shipmentNote,
} from './outbound-support';
import type { ChannelClient, ChannelOrderRef, OrderPage, PullWindow } from '../channel-client';
import { channelTime, idOf } from '../channel-client';
import type { ChannelHttp } from '../http/channel-http';
import { decodeKeyset, encodeKeyset, nextKeyset } from '../keyset';

type Json = Record<string, unknown>;
interface SearchResult {
  items?: Json[];
  total_count?: number;
}

/**
 * Adobe Commerce (Magento 2) REST: `/V1/orders` search by `updated_at gteq`, sorted ascending,
 * keyset pages (`keyset.ts`; `total_count` ends the listing: Magento answers the last page again
 * past it).
 * The order is keyed by `increment_id`, as order-ingestion keys it.
 */
export class AdobeCommerceClient implements ChannelClient, ChannelOutbound {
  constructor(private readonly http: ChannelHttp) {}

  async listUpdated(
    window: PullWindow,
    pageToken: string | undefined,
    pageSize: number,
  ): Promise<OrderPage> {
    const at = decodeKeyset(pageToken, window.since);
    const f = 'searchCriteria[filter_groups][0][filters][0]';
    const q = new URLSearchParams({
      [`${f}[field]`]: 'updated_at',
      [`${f}[value]`]: magentoTime(new Date(at.since)),
      [`${f}[condition_type]`]: 'gteq',
      'searchCriteria[sortOrders][0][field]': 'updated_at',
      'searchCriteria[sortOrders][0][direction]': 'ASC',
      'searchCriteria[sortOrders][1][field]': 'entity_id',
      'searchCriteria[sortOrders][1][direction]': 'ASC',
      'searchCriteria[pageSize]': String(pageSize),
      'searchCriteria[currentPage]': String(at.page),
    });
    const body = await this.search(q);
    const orders = (body?.items ?? []).map(refOf);
    // Magento answers the last page again past the end: total_count says when to stop.
    const full = orders.length > 0 && at.page * pageSize < Number(body?.total_count ?? 0);
    const next = nextKeyset(at, orders, full);
    return { orders, ...(next ? { next: encodeKeyset(next) } : {}) };
  }

  async complete(ref: ChannelOrderRef): Promise<unknown> {
    return ref.raw;
  }

  async fetchOrder(incrementId: string): Promise<ChannelOrderRef | undefined> {
    const f = 'searchCriteria[filter_groups][0][filters][0]';
    const q = new URLSearchParams({
      [`${f}[field]`]: 'increment_id',
      [`${f}[value]`]: incrementId,
      [`${f}[condition_type]`]: 'eq',
    });
    const item = (await this.search(q))?.items?.[0];
    return item ? refOf(item) : undefined;
  }

  private async search(q: URLSearchParams): Promise<SearchResult | undefined> {
    const res = await this.http.call<SearchResult>({
      operation: 'searchOrders',
      method: 'GET',
      path: `/rest/V1/orders?${q}`,
      headers: this.headers,
    });
    return res.body;
  }

  // Outbound: source items (MSI, many per call) and salesShipOrderV1 with tracks.
  readonly availabilityBatch = 100;

  defaultLocation(): string {
    return this.http.account.settings.SOURCE_CODE;
  }

  private get headers() {
    return { authorization: `Bearer ${this.http.account.settings.ACCESS_TOKEN}` };
  }

  async pushAvailability(pushes: AvailabilityPush[]): Promise<void> {
    await this.http.write({
      operation: 'saveSourceItems',
      method: 'POST',
      path: '/rest/V1/inventory/source-items',
      headers: this.headers,
      json: {
        sourceItems: pushes.map((p) => ({
          sku: p.channelSku,
          source_code: p.location,
          quantity: p.quantity,
          status: p.quantity > 0 ? 1 : 0,
        })),
      },
    });
  }

  /**
   * What the sources hold (inventoryApiSourceItemRepositoryV1GetListGet): `GET
   * inventory/source-items` with `sku in (...)` AND `source_code in (...)`, 100 SKUs per search,
   * paged until `total_count`.
   */
  async readAvailability(entries: AvailabilityEntry[]): Promise<AvailabilityPush[]> {
    const skus = distinct(entries.map((e) => e.channelSku));
    const sources = distinct(entries.map((e) => e.location)).join(',');
    const shown: AvailabilityPush[] = [];
    for (let i = 0; i < skus.length; i += 100) {
      const g = (n: number) => `searchCriteria[filter_groups][${n}][filters][0]`;
      for (let page = 1; ; page++) {
        const q = new URLSearchParams({
          [`${g(0)}[field]`]: 'sku',
          [`${g(0)}[value]`]: skus.slice(i, i + 100).join(','),
          [`${g(0)}[condition_type]`]: 'in',
          [`${g(1)}[field]`]: 'source_code',
          [`${g(1)}[value]`]: sources,
          [`${g(1)}[condition_type]`]: 'in',
          'searchCriteria[pageSize]': '500',
          'searchCriteria[currentPage]': String(page),
        });
        const res = await this.http.call<SearchResult>({
          operation: 'listSourceItems',
          method: 'GET',
          path: `/rest/V1/inventory/source-items?${q}`,
          headers: this.headers,
        });
        const items = res.body?.items ?? [];
        for (const item of items)
          shown.push({
            channelSku: String(item.sku),
            location: String(item.source_code),
            quantity: Number(item.quantity ?? 0),
          });
        // Magento answers the last page again past the end: total_count says when to stop.
        if (items.length === 0 || page * 500 >= Number(res.body?.total_count ?? 0)) break;
      }
    }
    return shown;
  }

  /** salesOrderManagementV1: cancels what is not shipped; a cancelled order is left as is. */
  async cancelOrder(c: CancellationPush): Promise<PushResult> {
    const order = await orderToPush(this, 'adobe-commerce', c.channelOrderId);
    if (order.cancelled) return 'already-applied';
    const res = await this.http.write<boolean>({
      operation: 'cancelOrder',
      method: 'POST',
      path: `/rest/V1/orders/${encodeURIComponent(String(order.raw.entity_id))}/cancel`,
      headers: this.headers,
    });
    if (res.body === false)
      throw new ChannelRejectedError(
        'adobe-commerce',
        409,
        'the order cannot be cancelled',
        'false',
      );
    return 'applied';
  }

  /**
   * A shipment of the units still unshipped of the shipped SKUs, our shipment id as its comment.
   * Already applied when one of the order's shipments (salesShipmentRepositoryV1) carries that
   * comment or our tracking number, or when no unit is left.
   */
  async confirmShipment(s: ShipmentPush): Promise<PushResult> {
    const order = await orderToPush(this, 'adobe-commerce', s.channelOrderId);
    if (alreadyShipped(await this.shipmentsOf(order.raw.entity_id), s)) return 'already-applied';
    const open = ((order.raw.items ?? []) as Json[])
      .filter((i) => !i.parent_item_id)
      .map((i) => ({
        id: Number(i.item_id),
        sku: typeof i.sku === 'string' ? i.sku : undefined,
        open: Number(i.qty_ordered ?? 0) - Number(i.qty_shipped ?? 0) - Number(i.qty_canceled ?? 0),
      }));
    const picked = allocate(s.lines, open);
    if (picked.length === 0) return 'already-applied';
    await this.http.write({
      operation: 'shipOrder',
      method: 'POST',
      path: `/rest/V1/order/${encodeURIComponent(String(order.raw.entity_id))}/ship`,
      headers: this.headers,
      json: {
        items: picked.map((p) => ({ order_item_id: p.id, qty: p.quantity })),
        notify: true,
        comment: { comment: shipmentNote(s), is_visible_on_front: 0 },
        ...(s.trackingNumber
          ? {
              tracks: [
                {
                  track_number: s.trackingNumber,
                  title: s.carrier ?? 'Carrier',
                  carrier_code: (s.carrier ?? 'custom').toLowerCase(),
                },
              ],
            }
          : {}),
      },
    });
    return 'applied';
  }

  /**
   * A credit memo (salesRefundOrderV1, `order/{id}/refund`) of the returned units not yet
   * refunded, our return id as its comment; Magento computes the amount from the items. Already
   * applied when one of the order's credit memos (salesCreditmemoRepositoryV1) carries that
   * comment, or the order is closed (refunded in full in Magento: not echoed).
   */
  async refundReturn(r: RefundPush): Promise<PushResult> {
    const order = await orderToPush(this, 'adobe-commerce', r.channelOrderId);
    const memos = await this.listByOrder('listCreditmemos', 'creditmemos', order.raw.entity_id);
    const note = refundNote(r);
    const ours = (m: Json) => ((m.comments ?? []) as Json[]).some((c) => c.comment === note);
    if (memos.some(ours) || order.raw.state === 'closed') return 'already-applied';
    const open = ((order.raw.items ?? []) as Json[])
      .filter((i) => !i.parent_item_id)
      .map((i) => ({
        id: Number(i.item_id),
        sku: typeof i.sku === 'string' ? i.sku : undefined,
        open: Number(i.qty_invoiced ?? 0) - Number(i.qty_refunded ?? 0),
      }));
    const picked = allocate(r.lines, open);
    if (picked.length === 0)
      throw new ChannelRejectedError('adobe-commerce', 422, 'no invoiced units left to refund');
    await this.http.write({
      operation: 'refundOrder',
      method: 'POST',
      path: `/rest/V1/order/${encodeURIComponent(String(order.raw.entity_id))}/refund`,
      headers: this.headers,
      json: {
        items: picked.map((p) => ({ order_item_id: p.id, qty: p.quantity })),
        notify: true,
        appendComment: true,
        comment: { comment: note, is_visible_on_front: 0 },
        arguments: { shipping_amount: 0, adjustment_positive: 0, adjustment_negative: 0 },
      },
    });
    return 'applied';
  }

  /** A sales document list of one order (shipments, credit memos) by `order_id`. */
  private async listByOrder(operation: string, resource: string, entityId: unknown) {
    const f = 'searchCriteria[filter_groups][0][filters][0]';
    const q = new URLSearchParams({
      [`${f}[field]`]: 'order_id',
      [`${f}[value]`]: String(entityId),
      [`${f}[condition_type]`]: 'eq',
    });
    const res = await this.http.call<SearchResult>({
      operation,
      method: 'GET',
      path: `/rest/V1/${resource}?${q}`,
      headers: this.headers,
    });
    return res.body?.items ?? [];
  }

  /** The order's shipments (salesShipmentRepositoryV1GetList by order_id): comments and tracks. */
  private async shipmentsOf(entityId: unknown) {
    return (await this.listByOrder('listShipments', 'shipments', entityId)).map((x) => ({
      notes: ((x.comments ?? []) as Json[]).map((c) => c.comment),
      trackingNumbers: ((x.tracks ?? []) as Json[]).map((t) => t.track_number),
    }));
  }
}

/** Magento stores and filters `updated_at` as `YYYY-MM-DD HH:MM:SS` in UTC. */
export function magentoTime(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ');
}

function refOf(o: Json): ChannelOrderRef {
  const status = String(o.status ?? o.state ?? '');
  return {
    id: idOf(o.increment_id ?? o.entity_id, 'increment_id'),
    updatedAt: channelTime(o.updated_at ?? o.created_at, 'updated_at'),
    cancelled: o.state === 'canceled' || o.status === 'canceled',
    status,
    raw: o,
  };
}
