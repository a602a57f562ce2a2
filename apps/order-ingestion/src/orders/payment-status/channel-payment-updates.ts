import { Injectable } from '@nestjs/common';
import type { PaymentStatus } from '@retail/contracts';
import type { FastifyRequest } from 'fastify';
import type { ChannelName } from '../../channels/channel-types';
import { PaymentStatusHandler, type PaymentStatusResult } from './payment-status.handler';

/** Set by channel-sync on what it forwards: the channel order's last update time. */
export const CHANNEL_UPDATED_AT_HEADER = 'x-retail-channel-updated-at';

/**
 * When the channel says the order last changed: Shopify's `updated_at` (every order webhook
 * topic and the REST order carry it), else the time channel-sync read from the channel's API
 * (`x-retail-channel-updated-at`). Undefined when neither says: the delivery then orders
 * nothing and changes no payment.
 */
export function channelUpdatedAt(channel: ChannelName, request: FastifyRequest): Date | undefined {
  const payload = request.body as { updated_at?: unknown } | undefined;
  const header = request.headers[CHANNEL_UPDATED_AT_HEADER];
  const candidates = [
    channel === 'shopify' ? payload?.updated_at : undefined,
    typeof header === 'string' ? header : undefined,
  ];
  for (const value of candidates) {
    const time = typeof value === 'string' ? new Date(value) : undefined;
    if (time && !Number.isNaN(time.getTime())) return time;
  }
  return undefined;
}

/**
 * A channel order delivered again for an order we know (Shopify's `orders/paid` and
 * `orders/updated` webhooks, channel-sync forwarding a pulled update) is a payment status
 * update from that channel: its mapped payment status, ordered by the channel's update time.
 * Only runs for known orders, never on the path that creates one.
 */
@Injectable()
export class ChannelPaymentUpdates {
  constructor(private readonly payments: PaymentStatusHandler) {}

  async redelivered(
    channel: ChannelName,
    request: FastifyRequest,
    orderId: string,
    status: PaymentStatus,
    correlationId: string,
  ): Promise<PaymentStatusResult | undefined> {
    const occurredAt = channelUpdatedAt(channel, request);
    if (!occurredAt) return undefined;
    return this.payments.payment(orderId, { status, occurredAt, source: channel }, correlationId);
  }
}
