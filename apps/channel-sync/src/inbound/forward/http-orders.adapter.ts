import {
  DependencyRejectedError,
  type ServiceClient,
  type ServiceRequest,
} from '@retail/platform-http-client';
import type { ChannelName } from '../../config/channel-catalogue';
import {
  type ForwardSource,
  type KnownOrder,
  OrderRejectedError,
  type OrdersPort,
  OrdersUnavailableError,
  type SubmittedOrder,
} from './orders.port';

type Json = Record<string, any>;

/**
 * order-ingestion over the platform's ServiceClient (ORDERS_BASE_URL, our SERVICE_API_KEY, the
 * correlation id, dependency metrics, readiness key check). A refused key (401/403), 5xx, 429,
 * network errors and a 409 for an idempotency key still in flight are retryable
 * (OrdersUnavailableError); any other 4xx is a refusal of the payload.
 */
export class HttpOrdersAdapter implements OrdersPort {
  constructor(private readonly client: ServiceClient) {}

  async submit(
    channel: ChannelName,
    payload: unknown,
    source: ForwardSource,
    correlationId: string,
    channelUpdatedAt?: Date,
  ): Promise<SubmittedOrder> {
    const updatedAt = channelUpdatedAt?.toISOString();
    const { body } = await this.send({
      method: 'POST',
      path: `/v1/channels/${channel}/orders`,
      body: payload,
      headers: {
        'x-retail-source': source,
        ...(updatedAt ? { 'x-retail-channel-updated-at': updatedAt } : {}),
      },
      correlationId,
      retryOn: [409],
    });
    if (!body || typeof body.orderId !== 'string')
      throw new OrdersUnavailableError('202 without an orderId');
    const known = body.alreadyKnown ?? body.duplicate ?? body.existing ?? body.known;
    return { orderId: body.orderId, status: String(body.status), alreadyKnown: known === true };
  }

  async cancel(orderId: string, idempotencyKey: string, reason: string) {
    const { status, body } = await this.send({
      method: 'POST',
      path: `/v1/orders/${encodeURIComponent(orderId)}/cancel`,
      body: { reasonCode: 'channel_cancelled', reason },
      headers: { 'idempotency-key': idempotencyKey },
      accept: [409],
    });
    if (status !== 409) return 'cancelled' as const;
    // 409: lines already shipped (refused for good), or the same key still in flight (retry).
    if (/shipped/.test(String(body?.type ?? body?.detail))) return 'refused' as const;
    throw new OrdersUnavailableError('HTTP 409 (cancel in flight)');
  }

  async *listForChannel(channel: ChannelName): AsyncIterable<KnownOrder> {
    let cursor: string | undefined;
    do {
      const { body } = await this.send({
        method: 'GET',
        path: '/v1/orders',
        query: { channel, limit: 200, cursor },
      });
      for (const o of (body?.items ?? []) as KnownOrder[]) yield o;
      cursor = body?.nextCursor ?? undefined;
    } while (cursor);
  }

  private async send(request: ServiceRequest): Promise<{ status: number; body: Json | undefined }> {
    try {
      const { status, body } = await this.client.send<Json>(request);
      return { status, body };
    } catch (err) {
      if (err instanceof DependencyRejectedError)
        throw new OrderRejectedError(err.status ?? 400, err.detail.slice(0, 300));
      throw new OrdersUnavailableError((err as Error).message);
    }
  }
}
