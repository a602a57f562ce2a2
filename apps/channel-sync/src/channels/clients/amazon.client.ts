import type { ChannelClient, ChannelOrderRef, OrderPage, PullWindow } from '../channel-client';
import { channelTime, idOf } from '../channel-client';
import type { ChannelHttp } from '../http/channel-http';
import { CachedToken } from './oauth-token';

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
export class AmazonClient implements ChannelClient {
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
