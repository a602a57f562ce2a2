import type { ChannelClient, ChannelOrderRef, OrderPage, PullWindow } from '../channel-client';
import { channelTime, idOf } from '../channel-client';
import type { ChannelHttp } from '../http/channel-http';
import { CachedToken } from './oauth-token';

type Json = Record<string, unknown>;
interface SearchResult {
  hits?: Array<{ data?: Json }>;
  total?: number;
  start?: number;
}

/**
 * Salesforce B2C Commerce, OCAPI Shop `order_search`: a `range_filter` on `last_modified` from
 * the window start, sorted ascending, `start`/`count` pages; client-credentials token.
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
    const start = pageToken ? Number(pageToken) : 0;
    const res = await this.http.call<SearchResult>({
      operation: 'orderSearch',
      method: 'POST',
      path: `${this.base}/order_search`,
      headers: { authorization: `Bearer ${await this.token.get()}` },
      json: {
        query: {
          filtered_query: {
            query: { match_all_query: {} },
            filter: { range_filter: { field: 'last_modified', from: window.since.toISOString() } },
          },
        },
        sorts: [{ field: 'last_modified', sort_order: 'asc' }],
        select: '(**)',
        start,
        count: Math.min(200, pageSize),
      },
    });
    const hits = (res.body?.hits ?? []).map((h) => h.data).filter((d): d is Json => !!d);
    const nextStart = start + hits.length;
    const more = hits.length > 0 && nextStart < Number(res.body?.total ?? 0);
    return { orders: hits.map(refOf), ...(more ? { next: String(nextStart) } : {}) };
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
