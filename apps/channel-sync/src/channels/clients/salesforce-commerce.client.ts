import type {
  AvailabilityPush,
  CancellationPush,
  ChannelOutbound,
  PushResult,
  ShipmentPush,
} from '../channel-outbound';
import type { ChannelClient, ChannelOrderRef, OrderPage, PullWindow } from '../channel-client';
import { channelTime, idOf } from '../channel-client';
import type { ChannelHttp } from '../http/channel-http';
import { decodeKeyset, encodeKeyset, nextKeyset } from '../keyset';
import { CachedToken } from './oauth-token';
import { type AvailabilityEntry, orderToPush } from './outbound-support';

type Json = Record<string, unknown>;
interface SearchResult {
  hits?: Array<{ data?: Json }>;
  total?: number;
  start?: number;
}

/**
 * Salesforce B2C Commerce, OCAPI Shop `order_search`: a `range_filter` on `last_modified` from
 * the window start, sorted ascending, keyset pages (`keyset.ts`) as `start`/`count`;
 * client-credentials token.
 */
export class SalesforceCommerceClient implements ChannelClient, ChannelOutbound {
  private readonly token: CachedToken;

  constructor(private readonly http: ChannelHttp) {
    const s = http.account.settings;
    const basic = Buffer.from(`${s.CLIENT_ID}:${s.CLIENT_SECRET}`).toString('base64');
    this.token = new CachedToken(http, () => ({
      path: s.TOKEN_URL || '/dw/oauth2/access_token',
      form: { grant_type: 'client_credentials' },
      headers: { authorization: `Basic ${basic}` },
    }));
  }

  private get base(): string {
    const s = this.http.account.settings;
    return `/s/${encodeURIComponent(s.SITE_ID)}/dw/shop/${s.OCAPI_VERSION}`;
  }

  async listUpdated(
    window: PullWindow,
    pageToken: string | undefined,
    pageSize: number,
  ): Promise<OrderPage> {
    const at = decodeKeyset(pageToken, window.since);
    const count = Math.min(200, pageSize);
    const start = (at.page - 1) * count;
    const res = await this.http.call<SearchResult>({
      operation: 'orderSearch',
      method: 'POST',
      path: `${this.base}/order_search`,
      headers: { authorization: `Bearer ${await this.token.get()}` },
      json: {
        query: {
          filtered_query: {
            query: { match_all_query: {} },
            filter: { range_filter: { field: 'last_modified', from: at.since } },
          },
        },
        sorts: [
          { field: 'last_modified', sort_order: 'asc' },
          { field: 'order_no', sort_order: 'asc' },
        ],
        select: '(**)',
        start,
        count,
      },
    });
    const orders = (res.body?.hits ?? [])
      .map((h) => h.data)
      .filter((d): d is Json => !!d)
      .map(refOf);
    const full = orders.length > 0 && start + count < Number(res.body?.total ?? 0);
    const next = nextKeyset(at, orders, full);
    return { orders, ...(next ? { next: encodeKeyset(next) } : {}) };
  }

  async complete(ref: ChannelOrderRef): Promise<unknown> {
    return ref.raw;
  }

  async fetchOrder(orderNo: string): Promise<ChannelOrderRef | undefined> {
    const res = await this.http.call<Json>({
      operation: 'getOrder',
      method: 'GET',
      path: `${this.base}/orders/${encodeURIComponent(orderNo)}`,
      headers: { authorization: `Bearer ${await this.token.get()}` },
    });
    return res.status === 200 && res.body ? refOf(res.body) : undefined;
  }

  // Outbound: inventory records (Data API, one product per call), and the order document's
  // statuses (OCAPI keeps shipping per order: `part_shipped` / `shipped`, tracking kept in
  // custom attributes), cancellation (`status: cancelled`) and acknowledgement (confirmed, exported).
  readonly availabilityBatch = 1;

  defaultLocation(): string {
    return this.http.account.settings.INVENTORY_LIST_ID;
  }

  async pushAvailability(pushes: AvailabilityPush[]): Promise<void> {
    const version = this.http.account.settings.OCAPI_VERSION;
    for (const p of pushes) {
      await this.http.write({
        operation: 'patchInventoryRecord',
        method: 'PATCH',
        path: `/s/-/dw/data/${version}/inventory_lists/${encodeURIComponent(p.location)}/product_inventory_records/${encodeURIComponent(p.channelSku)}`,
        headers: { authorization: `Bearer ${await this.token.get()}` },
        json: { allocation: { amount: p.quantity } },
      });
    }
  }

  /**
   * What the inventory list holds: the Data API's `GET inventory_lists/{id}/
   * product_inventory_records/{product_id}` per entry (no bulk read), its `allocation.amount`
   * (what the pushes set). A product without a record (404) shows nothing.
   */
  async readAvailability(entries: AvailabilityEntry[]): Promise<AvailabilityPush[]> {
    const version = this.http.account.settings.OCAPI_VERSION;
    const shown: AvailabilityPush[] = [];
    for (const e of entries) {
      const res = await this.http.call<{ allocation?: { amount?: number } }>({
        operation: 'getInventoryRecord',
        method: 'GET',
        path: `/s/-/dw/data/${version}/inventory_lists/${encodeURIComponent(e.location)}/product_inventory_records/${encodeURIComponent(e.channelSku)}`,
        headers: { authorization: `Bearer ${await this.token.get()}` },
      });
      if (res.status === 404) continue;
      shown.push({ ...e, quantity: Number(res.body?.allocation?.amount ?? 0) });
    }
    return shown;
  }

  async confirmShipment(s: ShipmentPush): Promise<PushResult> {
    const order = await this.orderOf(s.channelOrderId);
    const shipments = parseList(order.c_retailShipments);
    if (shipments.includes(s.shipmentId)) return 'already-applied';
    const ordered = ((order.product_items ?? []) as Json[]).reduce(
      (n, i) => n + Number(i.quantity ?? 0),
      0,
    );
    const shippedUnits =
      Number(order.c_retailShippedUnits ?? 0) + s.lines.reduce((n, l) => n + l.quantity, 0);
    await this.patchOrder(s.channelOrderId, {
      shipping_status: shippedUnits >= ordered ? 'shipped' : 'part_shipped',
      c_retailShipments: JSON.stringify([...shipments, s.shipmentId]),
      c_retailShippedUnits: shippedUnits,
      c_trackingNumbers: JSON.stringify([
        ...parseList(order.c_trackingNumbers),
        ...(s.trackingNumber ? [`${s.carrier ?? ''} ${s.trackingNumber}`.trim()] : []),
      ]),
    });
    return 'applied';
  }

  async cancelOrder(c: CancellationPush): Promise<PushResult> {
    const order = await this.orderOf(c.channelOrderId);
    if (order.status === 'cancelled') return 'already-applied';
    await this.patchOrder(c.channelOrderId, { status: 'cancelled' });
    return 'applied';
  }

  async acknowledgeOrder(channelOrderId: string): Promise<PushResult> {
    const order = await this.orderOf(channelOrderId);
    if (order.confirmation_status === 'confirmed' && order.export_status === 'exported')
      return 'already-applied';
    await this.patchOrder(channelOrderId, {
      confirmation_status: 'confirmed',
      export_status: 'exported',
    });
    return 'applied';
  }

  private async orderOf(orderNo: string): Promise<Json> {
    return (await orderToPush(this, 'salesforce-commerce', orderNo)).raw;
  }

  private async patchOrder(orderNo: string, changes: Json): Promise<void> {
    await this.http.write({
      operation: 'patchOrder',
      method: 'PATCH',
      path: `${this.base}/orders/${encodeURIComponent(orderNo)}`,
      headers: { authorization: `Bearer ${await this.token.get()}` },
      json: changes,
    });
  }
}

function refOf(o: Json): ChannelOrderRef {
  const status = String(o.status ?? '');
  return {
    id: idOf(o.order_no, 'order_no'),
    updatedAt: channelTime(o.last_modified ?? o.creation_date, 'last_modified'),
    cancelled: status === 'cancelled',
    status,
    raw: o,
  };
}

/** A JSON list kept in a custom attribute (absent or malformed: empty). */
function parseList(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  try {
    const list: unknown = JSON.parse(value);
    return Array.isArray(list) ? list.map(String) : [];
  } catch {
    return [];
  }
}
