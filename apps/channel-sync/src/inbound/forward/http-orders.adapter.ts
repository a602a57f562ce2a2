import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { RequestContext } from '@retail/platform-observability';
import type { ChannelName } from '../../config/channel-catalogue';
import type { ChannelSyncConfig } from '../../config/env';
import {
  type ForwardSource,
  type KnownOrder,
  OrderRejectedError,
  type OrdersPort,
  OrdersUnavailableError,
  type SubmittedOrder,
} from './orders.port';

interface Answer {
  status: number;
  body: Record<string, any> | undefined;
}

/**
 * order-ingestion over HTTP with this service's key. A thin fetch-based client until the
 * platform's shared service client lands; 5xx, 429, 409 and network errors are retryable.
 */
@Injectable()
export class HttpOrdersAdapter implements OrdersPort {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ChannelSyncConfig) {}

  async submit(
    channel: ChannelName,
    payload: unknown,
    source: ForwardSource,
    correlationId: string,
  ): Promise<SubmittedOrder> {
    const { body } = await this.send('POST', `/v1/channels/${channel}/orders`, payload, {
      'x-retail-source': source,
      'x-correlation-id': correlationId,
    });
    if (!body || typeof body.orderId !== 'string')
      throw new OrdersUnavailableError('202 without an orderId');
    const known = body.alreadyKnown ?? body.duplicate ?? body.existing ?? body.known;
    return { orderId: body.orderId, status: String(body.status), alreadyKnown: known === true };
  }

  async cancel(orderId: string, idempotencyKey: string, reason: string) {
    try {
      await this.send(
        'POST',
        `/v1/orders/${encodeURIComponent(orderId)}/cancel`,
        { reasonCode: 'channel_cancelled', reason },
        { 'idempotency-key': idempotencyKey },
      );
      return 'cancelled' as const;
    } catch (err) {
      if (err instanceof OrderRejectedError && err.status === 409) return 'refused' as const;
      throw err;
    }
  }

  async *listForChannel(channel: ChannelName): AsyncIterable<KnownOrder> {
    let cursor: string | undefined;
    do {
      const q = new URLSearchParams({ channel, limit: '200', ...(cursor ? { cursor } : {}) });
      const { body } = await this.send('GET', `/v1/orders?${q}`);
      for (const o of (body?.items ?? body?.orders ?? []) as KnownOrder[]) yield o;
      cursor = body?.nextCursor ?? undefined;
    } while (cursor);
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    let res: Response;
    try {
      res = await fetch(`${this.config.env.ORDERS_BASE_URL}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          'x-api-key': this.config.env.SERVICE_API_KEY,
          'x-correlation-id': RequestContext.correlationId() ?? '',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.env.CHANNEL_SYNC_HTTP_TIMEOUT_MS),
      });
    } catch (err) {
      throw new OrdersUnavailableError((err as Error).message);
    }
    const text = await res.text().catch(() => '');
    const parsed = text ? (safeJson(text) as Record<string, any>) : undefined;
    // 409 is an Idempotency-Key still in flight (retry), except a cancel refused for shipped lines.
    const shipped = res.status === 409 && /shipped/.test(String(parsed?.type ?? parsed?.detail));
    if (res.status >= 500 || res.status === 429 || (res.status === 409 && !shipped))
      throw new OrdersUnavailableError(`HTTP ${res.status}`);
    if (res.status >= 400)
      throw new OrderRejectedError(res.status, String(parsed?.detail ?? text).slice(0, 300));
    return { status: res.status, body: parsed };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
