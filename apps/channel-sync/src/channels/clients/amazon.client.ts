import type {
  AvailabilityPush,
  ChannelOutbound,
  PushResult,
  ShipmentPush,
} from '../channel-outbound';
import { allocate, alreadyShipped, type AvailabilityEntry, distinct } from './outbound-support';
import type { ChannelClient, ChannelOrderRef, OrderPage, PullWindow } from '../channel-client';
import { channelTime, idOf } from '../channel-client';
import type { ChannelHttp } from '../http/channel-http';
import { CachedToken } from './oauth-token';
import { createHash } from 'node:crypto';

type Json = Record<string, unknown>;
interface Payload<T> {
  payload?: T;
}

/**
 * Amazon Selling Partner API, Orders v0: `getOrders` by LastUpdatedAfter (NextToken pages),
 * `getOrderItems` per order (what order-ingestion's amazon route needs beside the order), LWA
 * access tokens. With USE_RESTRICTED_DATA_TOKEN, `getOrders` runs with a Restricted Data Token so
 * addresses come unmasked; without it they are masked and order-ingestion holds the order
 * (`address_restricted`).
 */
export class AmazonClient implements ChannelClient, ChannelOutbound {
  private readonly lwa: CachedToken;
  private rdt?: { token: string; expiresAt: number };

  constructor(private readonly http: ChannelHttp) {
    const s = http.account.settings;
    this.lwa = new CachedToken(http, () => ({
      path: s.LWA_TOKEN_URL || '/auth/o2/token',
      form: {
        grant_type: 'refresh_token',
        refresh_token: s.LWA_REFRESH_TOKEN,
        client_id: s.LWA_CLIENT_ID,
        client_secret: s.LWA_CLIENT_SECRET,
      },
    }));
  }

  async listUpdated(
    window: PullWindow,
    pageToken: string | undefined,
    pageSize: number,
  ): Promise<OrderPage> {
    const q = new URLSearchParams({ MarketplaceIds: this.http.account.settings.MARKETPLACE_IDS });
    if (pageToken) q.set('NextToken', pageToken);
    else {
      q.set('LastUpdatedAfter', window.since.toISOString());
      q.set('MaxResultsPerPage', String(Math.min(100, pageSize)));
    }
    const res = await this.http.call<Payload<{ Orders?: Json[]; NextToken?: string }>>({
      operation: 'getOrders',
      bucket: 'GET_ORDERS',
      method: 'GET',
      path: `/orders/v0/orders?${q}`,
      headers: { 'x-amz-access-token': await this.listToken() },
    });
    const payload = res.body?.payload ?? {};
    return {
      orders: (payload.Orders ?? []).map((o) => refOf(o)),
      ...(payload.NextToken ? { next: payload.NextToken } : {}),
    };
  }

  async complete(ref: ChannelOrderRef): Promise<unknown> {
    const items: Json[] = [];
    let next: string | undefined;
    do {
      const q = next ? `?NextToken=${encodeURIComponent(next)}` : '';
      const res = await this.http.call<Payload<{ OrderItems?: Json[]; NextToken?: string }>>({
        operation: 'getOrderItems',
        bucket: 'GET_ORDER_ITEMS',
        method: 'GET',
        path: `/orders/v0/orders/${encodeURIComponent(ref.id)}/orderItems${q}`,
        headers: { 'x-amz-access-token': await this.lwa.get() },
      });
      items.push(...(res.body?.payload?.OrderItems ?? []));
      next = res.body?.payload?.NextToken;
    } while (next);
    return { ...ref.raw, OrderItems: items };
  }

  async fetchOrder(id: string): Promise<ChannelOrderRef | undefined> {
    const res = await this.http.call<Payload<Json>>({
      operation: 'getOrder',
      method: 'GET',
      path: `/orders/v0/orders/${encodeURIComponent(id)}`,
      headers: { 'x-amz-access-token': await this.lwa.get() },
    });
    return res.status === 404 || !res.body?.payload ? undefined : refOf(res.body.payload);
  }

  /** The LWA token, or a Restricted Data Token for getOrders when configured. */
  private async listToken(): Promise<string> {
    if (this.http.account.settings.USE_RESTRICTED_DATA_TOKEN !== 'true') return this.lwa.get();
    if (this.rdt && this.rdt.expiresAt > Date.now() + 30_000) return this.rdt.token;
    const res = await this.http.call<{ restrictedDataToken?: string; expiresIn?: number }>({
      operation: 'createRestrictedDataToken',
      bucket: 'CREATE_RDT',
      method: 'POST',
      path: '/tokens/2021-03-01/restrictedDataToken',
      headers: { 'x-amz-access-token': await this.lwa.get() },
      json: {
        restrictedResources: [
          {
            method: 'GET',
            path: '/orders/v0/orders',
            dataElements: ['buyerInfo', 'shippingAddress'],
          },
        ],
      },
    });
    const token = res.body?.restrictedDataToken;
    if (!token) return this.lwa.get();
    this.rdt = { token, expiresAt: Date.now() + 1000 * (res.body.expiresIn ?? 3600) };
    return token;
  }

  // Outbound: listings quantities per SKU (patchListingsItem, no bulk call outside feeds) and
  // shipment confirmations; Amazon has no order acknowledgement or seller cancellation call in
  // the Orders API (feeds only), so neither is pushed.
  readonly availabilityBatch = 1;

  defaultLocation(): string {
    return this.http.account.settings.FULFILLMENT_CHANNEL_CODE;
  }

  async pushAvailability(pushes: AvailabilityPush[]): Promise<void> {
    const s = this.http.account.settings;
    const q = new URLSearchParams({ marketplaceIds: s.MARKETPLACE_IDS });
    for (const p of pushes) {
      await this.http.write({
        operation: 'patchListingsItem',
        bucket: 'PATCH_LISTINGS_ITEM',
        method: 'PATCH',
        path: `/listings/2021-08-01/items/${encodeURIComponent(s.SELLER_ID)}/${encodeURIComponent(p.channelSku)}?${q}`,
        headers: { 'x-amz-access-token': await this.lwa.get() },
        json: {
          productType: s.PRODUCT_TYPE,
          patches: [
            {
              op: 'replace',
              path: '/attributes/fulfillment_availability',
              value: [{ fulfillment_channel_code: p.location, quantity: p.quantity }],
            },
          ],
        },
      });
    }
  }

  /**
   * What the listing shows: `getListingsItem` with `includedData=fulfillmentAvailability`, one
   * call per SKU (no bulk read outside reports), drawing from its own usage plan (5/s, burst 10:
   * bucket GET_LISTINGS_ITEM). A SKU without a listing (404) shows nothing.
   */
  async readAvailability(entries: AvailabilityEntry[]): Promise<AvailabilityPush[]> {
    const s = this.http.account.settings;
    const q = new URLSearchParams({
      marketplaceIds: s.MARKETPLACE_IDS,
      includedData: 'fulfillmentAvailability',
    });
    const shown: AvailabilityPush[] = [];
    for (const sku of distinct(entries.map((e) => e.channelSku))) {
      const res = await this.http.call<{ fulfillmentAvailability?: Json[] }>({
        operation: 'getListingsItem',
        bucket: 'GET_LISTINGS_ITEM',
        method: 'GET',
        path: `/listings/2021-08-01/items/${encodeURIComponent(s.SELLER_ID)}/${encodeURIComponent(sku)}?${q}`,
        headers: { 'x-amz-access-token': await this.lwa.get() },
      });
      if (res.status === 404) continue;
      for (const a of res.body?.fulfillmentAvailability ?? [])
        shown.push({
          channelSku: sku,
          location: String(a.fulfillmentChannelCode),
          quantity: Number(a.quantity ?? 0),
        });
    }
    return shown;
  }

  /**
   * confirmShipment for the units still unshipped of the shipped SKUs (one package referenced by
   * `packageReferenceOf(shipmentId)`). Already applied when the order's packages (getOrder
   * 2026-01-01, PACKAGES) hold that reference or our tracking number, or when no unit is left.
   */
  async confirmShipment(s: ShipmentPush): Promise<PushResult> {
    const order = await this.http.call<{ order?: { packages?: Json[] } }>({
      operation: 'getOrder',
      method: 'GET',
      path: `/orders/2026-01-01/orders/${encodeURIComponent(s.channelOrderId)}?includedData=PACKAGES`,
      headers: { 'x-amz-access-token': await this.lwa.get() },
    });
    const reference = packageReferenceOf(s.shipmentId);
    // Our reference stands for our shipment id in the idempotency check.
    const packages = (order.status === 404 ? [] : (order.body?.order?.packages ?? [])).map((p) => ({
      notes: [p.packageReferenceId === reference ? s.shipmentId : p.packageReferenceId],
      trackingNumbers: [p.trackingNumber],
    }));
    if (alreadyShipped(packages, s)) return 'already-applied';
    const raw = (await this.complete({
      id: s.channelOrderId,
      updatedAt: new Date(),
      cancelled: false,
      status: '',
      raw: {},
    })) as { OrderItems: Json[] };
    const open = raw.OrderItems.map((i) => ({
      id: String(i.OrderItemId),
      sku: typeof i.SellerSKU === 'string' ? i.SellerSKU : undefined,
      open: Number(i.QuantityOrdered ?? 0) - Number(i.QuantityShipped ?? 0),
    }));
    const picked = allocate(s.lines, open);
    if (picked.length === 0) return 'already-applied';
    await this.http.write({
      operation: 'confirmShipment',
      bucket: 'CONFIRM_SHIPMENT',
      method: 'POST',
      path: `/orders/v0/orders/${encodeURIComponent(s.channelOrderId)}/shipmentConfirmation`,
      headers: { 'x-amz-access-token': await this.lwa.get() },
      json: {
        marketplaceId: this.http.account.settings.MARKETPLACE_IDS.split(',')[0].trim(),
        packageDetail: {
          packageReferenceId: reference,
          carrierCode: s.carrier ?? 'Other',
          trackingNumber: s.trackingNumber,
          shipDate: s.shippedAt,
          orderItems: picked.map((p) => ({ orderItemId: p.id, quantity: p.quantity })),
        },
      },
    });
    return 'applied';
  }
}

/**
 * Amazon accepts only positive numeric package reference ids (PackageDetail.packageReferenceId,
 * Orders API v0), and a second confirmShipment with the same reference edits that package: ours
 * is derived from our shipment id (first 48 bits of its SHA-256, plus one), stable across retries
 * and replicas, at most 15 digits; two shipments of one order colliding is a 1 in 2^48 chance.
 */
export function packageReferenceOf(shipmentId: string): string {
  const digest = createHash('sha256').update(shipmentId).digest();
  return String(digest.readUIntBE(0, 6) + 1);
}

function refOf(o: Json): ChannelOrderRef {
  const status = String(o.OrderStatus ?? '');
  return {
    id: idOf(o.AmazonOrderId, 'AmazonOrderId'),
    updatedAt: channelTime(o.LastUpdateDate ?? o.PurchaseDate, 'LastUpdateDate'),
    cancelled: status === 'Canceled',
    status,
    raw: o,
  };
}
