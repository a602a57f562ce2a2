import type { ChannelName } from '../../config/channel-catalogue';

/** Where a forwarded order came from (sent to order-ingestion as `x-retail-source`). */
export type ForwardSource = 'pull' | 'webhook' | 'reconcile';

export interface SubmittedOrder {
  orderId: string;
  status: string;
  /** order-ingestion already had this channel order (nothing new was created). */
  alreadyKnown: boolean;
}

export interface KnownOrder {
  orderId: string;
  channelOrderId: string;
  status: string;
}

/** order-ingestion is down or overloaded (network, 5xx, 429, 409): try again later. */
export class OrdersUnavailableError extends Error {
  readonly retryable = true;
  constructor(detail: string) {
    super(`order-ingestion unavailable: ${detail}`);
    this.name = 'OrdersUnavailableError';
  }
}

/** order-ingestion refused the payload (4xx): sending it again unchanged will not help. */
export class OrderRejectedError extends Error {
  readonly retryable = false;
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`order-ingestion refused the order: HTTP ${status} ${detail}`);
    this.name = 'OrderRejectedError';
  }
}

/**
 * What channel-sync needs from order-ingestion, the one place orders are mapped: submit a
 * channel-native order to its native route, cancel an order, list what it has for a channel.
 */
export interface OrdersPort {
  /**
   * `channelUpdatedAt` (the channel's last-modified time) orders the payment status changes a
   * re-submitted known order carries (order-ingestion's ADR 0037).
   */
  submit(
    channel: ChannelName,
    payload: unknown,
    source: ForwardSource,
    correlationId: string,
    channelUpdatedAt?: Date,
  ): Promise<SubmittedOrder>;
  /** `refused` when order-ingestion will not cancel (409: lines already shipped). */
  cancel(orderId: string, idempotencyKey: string, reason: string): Promise<'cancelled' | 'refused'>;
  /** Every order order-ingestion holds for the channel (reconciliation). */
  listForChannel(channel: ChannelName): AsyncIterable<KnownOrder>;
}

export const ORDERS_PORT = Symbol('ORDERS_PORT');
