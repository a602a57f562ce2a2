import { Inject, Injectable } from '@nestjs/common';
import { Principal, ProblemException } from '@retail/platform-http';
import type { ServiceClient } from '@retail/platform-http-client';
import { InventoryException } from '../../common/inventory.exception';

/** Which channel an order belongs to, or undefined when there is no such order. */
export interface OrderDirectory {
  channelOf(orderId: string): Promise<string | undefined>;
}
export const ORDER_DIRECTORY = Symbol('ORDER_DIRECTORY');

/**
 * Order-ingestion, the owner of orders, asked over HTTP with our SERVICE_API_KEY (ADR 0022):
 * only for reservations made with a channel key, so the pipeline's own calls never wait on it.
 * An outage is the platform's DependencyUnavailableError: 503, retryable, nothing reserved.
 */
export class HttpOrderDirectory implements OrderDirectory {
  constructor(private readonly client: ServiceClient) {}

  async channelOf(orderId: string): Promise<string | undefined> {
    const answer = await this.client.send<{ channel?: unknown }>({
      method: 'GET',
      path: `/v1/orders/${encodeURIComponent(orderId)}`,
      accept: [404],
    });
    const channel = answer.status === 404 ? undefined : answer.body?.channel;
    return typeof channel === 'string' ? channel : undefined;
  }
}

/**
 * A channel key reserves only for an existing order of its own channel: an unknown order is 422
 * (`order-unknown`), another channel's order 403, and nothing is reserved. Service and admin
 * keys reserve for any order (order-ingestion's pipeline reserves before anyone else knows the
 * order). Memoised per call, so a batch asks once per order.
 */
@Injectable()
export class ChannelOrderCheck {
  constructor(@Inject(ORDER_DIRECTORY) private readonly orders: OrderDirectory) {}

  /** A checker for one request: `check(orderId)` throws the refusal, if any. */
  forRequest(principal: Principal): (orderId: string) => Promise<void> {
    if (principal.kind !== 'channel') return async () => undefined;
    const seen = new Map<string, Promise<string | undefined>>();
    return async (orderId) => {
      if (!seen.has(orderId)) seen.set(orderId, this.orders.channelOf(orderId));
      const channel = await seen.get(orderId);
      if (channel === undefined)
        throw new InventoryException('order-unknown', 422, `order ${orderId} does not exist`, [
          { field: 'orderId', message: 'no such order' },
        ]);
      if (channel !== principal.channel)
        throw new ProblemException(
          403,
          'forbidden',
          `This key may only reserve for orders of channel "${principal.channel}"`,
        );
    };
  }
}
