import type { ChannelClient, ChannelOrderRef, OrderPage, PullWindow } from '../channel-client';
import { channelTime, idOf } from '../channel-client';
import type { ChannelHttp } from '../http/channel-http';
import { decodeKeyset, encodeKeyset, nextKeyset } from '../keyset';
import { CachedToken } from './oauth-token';

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
export class SalesforceCommerceClient implements ChannelClient {
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
