import { createHash } from 'node:crypto';
import type {
  AvailabilityPush,
  CancellationPush,
  ChannelOutbound,
  PushResult,
  RefundPush,
  ShipmentPush,
} from '../channel-outbound';
import { ChannelRejectedError } from '../http/channel-errors';
import { ItemIds, orderToPush, refundNote } from './outbound-support';
import type { ChannelClient, ChannelOrderRef, OrderPage, PullWindow } from '../channel-client';
import { channelTime, idOf } from '../channel-client';
import type { ChannelHttp } from '../http/channel-http';

type Json = Record<string, unknown>;
/** A Square catalog object id (as order lines carry them), not a SKU. */
const SQUARE_OBJECT_ID = /^[A-Z0-9]{20,32}$/;

/**
 * Square Orders API: `SearchOrders` on the account's locations by `updated_at`, ascending,
 * cursor pages; `RetrieveOrder` for a thin `order.created` / `order.updated` notification.
 */
export class SquareClient implements ChannelClient, ChannelOutbound {
  constructor(private readonly http: ChannelHttp) {}

  private get headers() {
    const s = this.http.account.settings;
    return { authorization: `Bearer ${s.ACCESS_TOKEN}`, 'square-version': s.VERSION };
  }

  async listUpdated(
    window: PullWindow,
    pageToken: string | undefined,
    pageSize: number,
  ): Promise<OrderPage> {
    const res = await this.http.call<{ orders?: Json[]; cursor?: string }>({
      operation: 'searchOrders',
      method: 'POST',
      path: '/v2/orders/search',
      headers: this.headers,
      json: {
        location_ids: this.http.account.settings.LOCATION_IDS.split(',').map((s) => s.trim()),
        limit: Math.min(500, pageSize),
        ...(pageToken ? { cursor: pageToken } : {}),
        query: {
          filter: { date_time_filter: { updated_at: { start_at: window.since.toISOString() } } },
          sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' },
        },
      },
    });
    const next = res.body?.cursor;
    return { orders: (res.body?.orders ?? []).map(refOf), ...(next ? { next } : {}) };
  }

  async complete(ref: ChannelOrderRef): Promise<unknown> {
    return { order: ref.raw };
  }

  async fetchOrder(id: string): Promise<ChannelOrderRef | undefined> {
    const res = await this.http.call<{ order?: Json }>({
      operation: 'retrieveOrder',
      method: 'GET',
      path: `/v2/orders/${encodeURIComponent(id)}`,
      headers: this.headers,
    });
    return res.status === 200 && res.body?.order ? refOf(res.body.order) : undefined;
  }

  // Outbound: physical counts in bulk (BatchChangeInventory, item variation ids looked up by
  // SKU), the order's fulfillment completed with its shipment details, cancellation. Square
  // fulfils per fulfillment, not per unit: the first open fulfillment is completed.
  readonly availabilityBatch = 100;
  private readonly variations = new ItemIds('square', (skus) => this.lookupVariations(skus));

  defaultLocation(): string {
    return this.http.account.settings.LOCATION_IDS.split(',')[0].trim();
  }

  /**
   * Square order lines name item variations, so a master-data mapping for Square maps the
   * variation id (24 uppercase letters and digits): such a channel SKU is used as it is; others
   * are looked up by SKU.
   */
  private async variationIds(channelSkus: string[]): Promise<Map<string, string>> {
    const ids = await this.variations.resolve(channelSkus.filter((s) => !SQUARE_OBJECT_ID.test(s)));
    for (const s of channelSkus) if (SQUARE_OBJECT_ID.test(s)) ids.set(s, s);
    return ids;
  }

  /** The IN_STOCK counts Square holds (BatchRetrieveInventoryCounts), 100 variations per call. */
  async readAvailability(items: Array<Omit<AvailabilityPush, 'quantity'>>) {
    const ids = await this.variationIds(items.map((i) => i.channelSku));
    const skuOf = new Map([...ids].map(([sku, id]) => [id, sku]));
    const locations = [...new Set(items.map((i) => i.location))];
    const all = [...new Set(ids.values())];
    const shown: AvailabilityPush[] = [];
    for (let i = 0; i < all.length; i += 100) {
      const res = await this.http.call<{ counts?: Json[] }>({
        operation: 'batchRetrieveInventoryCounts',
        method: 'POST',
        path: '/v2/inventory/counts/batch-retrieve',
        headers: this.headers,
        json: {
          catalog_object_ids: all.slice(i, i + 100),
          location_ids: locations,
          states: ['IN_STOCK'],
        },
      });
      for (const c of res.body?.counts ?? [])
        shown.push({
          channelSku: skuOf.get(String(c.catalog_object_id)) ?? String(c.catalog_object_id),
          location: String(c.location_id),
          quantity: Number(c.quantity ?? 0),
        });
    }
    return shown;
  }

  async pushAvailability(pushes: AvailabilityPush[]): Promise<void> {
    const ids = await this.variationIds(pushes.map((p) => p.channelSku));
    const occurredAt = new Date().toISOString();
    const changes = pushes.map((p) => ({
      type: 'PHYSICAL_COUNT',
      physical_count: {
        catalog_object_id: ids.get(p.channelSku),
        state: 'IN_STOCK',
        location_id: p.location,
        quantity: String(p.quantity),
        occurred_at: occurredAt,
      },
    }));
    await this.http.write({
      operation: 'batchChangeInventory',
      method: 'POST',
      path: '/v2/inventory/changes/batch-create',
      headers: this.headers,
      json: { idempotency_key: idempotencyKey(pushes, occurredAt), changes },
    });
  }

  async confirmShipment(s: ShipmentPush): Promise<PushResult> {
    const order = await this.orderOf(s.channelOrderId);
    const fulfillments = (order.fulfillments ?? []) as Json[];
    const mine = (f: Json) =>
      (f.shipment_details as Json | undefined)?.tracking_number === s.trackingNumber ||
      f.note === s.shipmentId;
    if (fulfillments.some((f) => f.state === 'COMPLETED' && mine(f))) return 'already-applied';
    const open = fulfillments.find((f) => f.state !== 'COMPLETED' && f.state !== 'CANCELED');
    if (!open) return 'already-applied';
    await this.updateOrder(s.channelOrderId, s.shipmentId, {
      version: order.version,
      fulfillments: [
        {
          uid: open.uid,
          state: 'COMPLETED',
          note: s.shipmentId,
          ...(open.type === 'SHIPMENT'
            ? { shipment_details: { carrier: s.carrier, tracking_number: s.trackingNumber } }
            : {}),
        },
      ],
    });
    return 'applied';
  }

  async cancelOrder(c: CancellationPush): Promise<PushResult> {
    const order = await this.orderOf(c.channelOrderId);
    if (order.state === 'CANCELED') return 'already-applied';
    await this.updateOrder(c.channelOrderId, c.cancellationId, {
      version: order.version,
      state: 'CANCELED',
    });
    return 'applied';
  }

  /**
   * RefundPayment (`POST /v2/refunds`) of our amount against the order's payment (its tender),
   * idempotency key `refund-<return id>`: Square answers a repeated key with the refund it made,
   * so a retried push never refunds twice. Already applied when one of the order's refunds
   * carries our return id as its reason.
   */
  async refundReturn(r: RefundPush): Promise<PushResult> {
    const order = await this.orderOf(r.channelOrderId);
    if (((order.refunds ?? []) as Json[]).some((x) => x.reason === refundNote(r)))
      return 'already-applied';
    const tender = ((order.tenders ?? []) as Json[]).find((t) => typeof t.payment_id === 'string');
    if (!tender)
      throw new ChannelRejectedError('square', 422, `order ${r.channelOrderId} has no payment`);
    await this.http.write({
      operation: 'refundPayment',
      method: 'POST',
      path: '/v2/refunds',
      headers: this.headers,
      json: {
        idempotency_key: `refund-${r.refundId}`,
        payment_id: tender.payment_id,
        amount_money: { amount: r.amount, currency: r.currency },
        reason: refundNote(r),
      },
    });
    return 'applied';
  }

  private async orderOf(id: string): Promise<Json> {
    return (await orderToPush(this, 'square', id)).raw;
  }

  private async updateOrder(id: string, key: string, order: Json): Promise<void> {
    await this.http.write({
      operation: 'updateOrder',
      method: 'PUT',
      path: `/v2/orders/${encodeURIComponent(id)}`,
      headers: this.headers,
      json: { order, idempotency_key: key },
    });
  }

  private async lookupVariations(skus: string[]): Promise<Map<string, string>> {
    const res = await this.http.call<{ objects?: Json[] }>({
      operation: 'searchCatalogObjects',
      method: 'POST',
      path: '/v2/catalog/search',
      headers: this.headers,
      json: {
        object_types: ['ITEM_VARIATION'],
        query: { set_query: { attribute_name: 'sku', attribute_values: skus } },
      },
    });
    const found = new Map<string, string>();
    for (const o of res.body?.objects ?? []) {
      const sku = (o.item_variation_data as Json | undefined)?.sku;
      if (typeof sku === 'string' && typeof o.id === 'string') found.set(sku, o.id);
    }
    return found;
  }
}

function refOf(o: Json): ChannelOrderRef {
  const state = String(o.state ?? '');
  return {
    id: idOf(o.id, 'id'),
    updatedAt: channelTime(o.updated_at ?? o.created_at, 'updated_at'),
    cancelled: state === 'CANCELED',
    status: state,
    raw: o,
  };
}

/**
 * The idempotency key of a count push: the entries with their versions and the call's
 * `occurred_at`. A PHYSICAL_COUNT sets an absolute count, so a call applied twice changes
 * nothing; but a key of the figures alone would make Square answer a deliberate re-push of the
 * same figure (reconciliation after a merchant edited the count) from its memory, applying
 * nothing, and the drift would stay.
 */
function idempotencyKey(pushes: AvailabilityPush[], occurredAt: string): string {
  const text = pushes.map((p) => `${p.channelSku}@${p.location}=${p.quantity}#${p.version ?? ''}`);
  return createHash('sha256')
    .update(`${occurredAt}\n${text.join('\n')}`)
    .digest('hex')
    .slice(0, 40);
}
