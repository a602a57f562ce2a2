import type {
  AvailabilityPush,
  CancellationPush,
  ChannelOutbound,
  PushResult,
  ShipmentPush,
} from '../channel-outbound';
import { ChannelRejectedError } from '../http/channel-errors';
import { allocate, alreadyShipped, orderToPush, shipmentNote } from './outbound-support';
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

  /** The order's shipments (salesShipmentRepositoryV1GetList by order_id): comments and tracks. */
  private async shipmentsOf(entityId: unknown) {
    const f = 'searchCriteria[filter_groups][0][filters][0]';
    const q = new URLSearchParams({
      [`${f}[field]`]: 'order_id',
      [`${f}[value]`]: String(entityId),
      [`${f}[condition_type]`]: 'eq',
    });
    const res = await this.http.call<SearchResult>({
      operation: 'listShipments',
      method: 'GET',
      path: `/rest/V1/shipments?${q}`,
      headers: this.headers,
    });
    return (res.body?.items ?? []).map((x) => ({
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
