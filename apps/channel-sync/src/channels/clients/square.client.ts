import type { ChannelClient, ChannelOrderRef, OrderPage, PullWindow } from '../channel-client';
import { channelTime, idOf } from '../channel-client';
import type { ChannelHttp } from '../http/channel-http';

type Json = Record<string, unknown>;

/**
 * Square Orders API: `SearchOrders` on the account's locations by `updated_at`, ascending,
 * cursor pages; `RetrieveOrder` for a thin `order.created` / `order.updated` notification.
 */
export class SquareClient implements ChannelClient {
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
