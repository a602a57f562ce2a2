import type { ChannelClient, ChannelOrderRef, OrderPage, PullWindow } from '../channel-client';
import { channelTime, idOf } from '../channel-client';
import type { ChannelHttp } from '../http/channel-http';

type Json = Record<string, unknown>;

/**
 * Shopify Admin REST: `orders.json?status=any&updated_at_min=` sorted by updated_at, cursor
 * pages through the `Link` header's `page_info`. The order is forwarded as listed (the same
 * object the `orders/create` webhook carries). The webhooks stay; this pull closes their gaps.
 */
export class ShopifyClient implements ChannelClient {
  constructor(private readonly http: ChannelHttp) {}

  private get base(): string {
    return `/admin/api/${this.http.account.settings.API_VERSION}`;
  }

  private get headers() {
    return { 'x-shopify-access-token': this.http.account.settings.ACCESS_TOKEN };
  }

  async listUpdated(
    window: PullWindow,
    pageToken: string | undefined,
    pageSize: number,
  ): Promise<OrderPage> {
    const limit = String(Math.min(250, pageSize));
    // With page_info Shopify accepts only limit (and fields): the filter travels in the token.
    const q = pageToken
      ? new URLSearchParams({ limit, page_info: pageToken })
      : new URLSearchParams({
          status: 'any',
          updated_at_min: window.since.toISOString(),
          order: 'updated_at asc',
          limit,
        });
    const res = await this.http.call<{ orders?: Json[] }>({
      operation: 'listOrders',
      method: 'GET',
      path: `${this.base}/orders.json?${q}`,
      headers: this.headers,
    });
    const next = nextPageInfo(res.headers.get('link'));
    return { orders: (res.body?.orders ?? []).map(refOf), ...(next ? { next } : {}) };
  }

  async complete(ref: ChannelOrderRef): Promise<unknown> {
    return ref.raw;
  }

  async fetchOrder(id: string): Promise<ChannelOrderRef | undefined> {
    const res = await this.http.call<{ order?: Json }>({
      operation: 'getOrder',
      method: 'GET',
      path: `${this.base}/orders/${encodeURIComponent(id)}.json`,
      headers: this.headers,
    });
    return res.status === 404 || !res.body?.order ? undefined : refOf(res.body.order);
  }
}

/** `<...?page_info=abc&limit=50>; rel="next", <...>; rel="previous"` -> `abc`. */
export function nextPageInfo(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return new URL(match[1], 'http://x').searchParams.get('page_info') ?? undefined;
  }
  return undefined;
}

function refOf(o: Json): ChannelOrderRef {
  const cancelled = o.cancelled_at !== null && o.cancelled_at !== undefined;
  return {
    id: idOf(o.id, 'id'),
    updatedAt: channelTime(o.updated_at ?? o.created_at, 'updated_at'),
    cancelled,
    status: cancelled ? 'cancelled' : String(o.financial_status ?? 'open'),
    raw: o,
  };
}
