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
import { ChannelRejectedError, ChannelUnavailableError } from '../http/channel-errors';
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
  readonly availabilityBatch = MAX_SUBREQUESTS;

  defaultLocation(): string {
    return this.http.account.settings.INVENTORY_LIST_ID;
  }

  /**
   * One OCAPI batch request (up to 50 subrequests, one HTTP request of the budget) of Data API
   * `PATCH inventory_lists/{list}/product_inventory_records/{product}`. A part answering 4xx
   * refuses the call (the runner then pushes row by row; the others are absolute, so pushing
   * them again changes nothing), a part answering 5xx or missing is an outage.
   */
  async pushAvailability(pushes: AvailabilityPush[]): Promise<void> {
    const version = this.http.account.settings.OCAPI_VERSION;
    const boundary = 'retail-availability-batch';
    const res = await this.http.write<unknown>({
      operation: 'batchInventoryRecords',
      method: 'POST',
      path: '/s/-/dw/batch',
      headers: {
        authorization: `Bearer ${await this.token.get()}`,
        'x-dw-http-method': 'PATCH',
        'x-dw-resource-path': `/s/-/dw/data/${version}/inventory_lists/`,
      },
      raw: {
        contentType: `multipart/mixed; boundary=${boundary}`,
        body: batchBody(boundary, pushes),
      },
    });
    const parts = batchAnswers(res.headers.get('content-type'), String(res.body ?? ''));
    const failed = pushes
      .map((p, i) => ({ p, answer: parts.get(String(i)) }))
      .filter(({ answer }) => !answer || answer.status >= 300);
    if (failed.length === 0) return;
    const detail = (f: (typeof failed)[number]) =>
      `${f.p.channelSku}: ${f.answer ? `${f.answer.status} ${f.answer.body.slice(0, 120)}` : 'no answer'}`;
    const outage = failed.find(({ answer }) => !answer || answer.status >= 500);
    if (outage)
      throw new ChannelUnavailableError('salesforce-commerce', `batch part ${detail(outage)}`);
    throw new ChannelRejectedError(
      'salesforce-commerce',
      failed[0].answer!.status,
      `batch part ${detail(failed[0])}`,
      failed[0].answer!.body.slice(0, 4000),
    );
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

/** OCAPI batch requests take at most 50 subrequests. */
const MAX_SUBREQUESTS = 50;

/** The subrequests, one part each, identified by their index (`x-dw-content-id`). */
function batchBody(boundary: string, pushes: AvailabilityPush[]): string {
  const parts = pushes.map((p, i) =>
    [
      `--${boundary}`,
      `x-dw-content-id: ${i}`,
      `x-dw-resource-path-extension: ${encodeURIComponent(p.location)}/product_inventory_records/${encodeURIComponent(p.channelSku)}`,
      'content-type: application/json',
      '',
      JSON.stringify({ allocation: { amount: p.quantity } }),
    ].join('\r\n'),
  );
  return `${parts.join('\r\n')}\r\n--${boundary}--\r\n`;
}

/** Status and body of each part of a batch answer, by `x-dw-content-id`. */
function batchAnswers(
  contentType: string | null,
  text: string,
): Map<string, { status: number; body: string }> {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  const answers = new Map<string, { status: number; body: string }>();
  if (!boundary) return answers;
  for (const part of text.split(`--${boundary}`)) {
    const [head, ...rest] = part.replace(/\r\n/g, '\n').trim().split('\n\n');
    const id = /^x-dw-content-id:\s*(.+)$/im.exec(head)?.[1]?.trim();
    const status = Number(/^x-dw-status-code:\s*(\d+)$/im.exec(head)?.[1]);
    if (id !== undefined && Number.isInteger(status))
      answers.set(id, { status, body: rest.join('\n\n').trim() });
  }
  return answers;
}
