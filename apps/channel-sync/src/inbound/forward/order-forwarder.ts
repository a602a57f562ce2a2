import { Inject, Injectable, Logger } from '@nestjs/common';
import { RequestContext } from '@retail/platform-observability';
import { randomUUID } from 'crypto';
import { channelSyncMetrics } from '../../common/metrics';
import type { ChannelOrderRef } from '../../channels/channel-client';
import type { ConfiguredChannel } from '../../channels/channel-clients';
import { needsForward } from '../domain/pull-window';
import { ForwardedOrdersStore } from '../persistence/forwarded-orders.store';
import {
  type ForwardSource,
  OrderRejectedError,
  ORDERS_PORT,
  type OrdersPort,
} from './orders.port';

export type ForwardOutcome = 'skipped' | 'created' | 'known' | 'rejected';

/**
 * Sends one channel order to order-ingestion as the channel returned it, then records the
 * version (only after the 202: a crash in between re-sends, never loses). A cancellation in the
 * channel becomes a cancel of the canonical order. A payload order-ingestion refuses (4xx) is
 * recorded with the reason and counted, so one bad order never blocks the account's cursor.
 */
@Injectable()
export class OrderForwarder {
  private readonly logger = new Logger(OrderForwarder.name);

  constructor(
    private readonly forwarded: ForwardedOrdersStore,
    @Inject(ORDERS_PORT) private readonly orders: OrdersPort,
  ) {}

  async forward(
    { account, client }: ConfiguredChannel,
    ref: ChannelOrderRef,
    source: ForwardSource,
    force = false,
  ): Promise<ForwardOutcome> {
    const channel = account.channel;
    const previous = await this.forwarded.find(channel, ref.id);
    if (!force && !needsForward(ref.updatedAt, previous)) return 'skipped';
    const payload = await client.complete(ref);
    // A webhook keeps its request's correlation id; a pulled order starts its own trace.
    const correlationId =
      source === 'webhook' ? (RequestContext.correlationId() ?? randomUUID()) : randomUUID();
    const version = { channelUpdatedAt: ref.updatedAt, cancelled: ref.cancelled, source };
    try {
      const submitted = await this.orders.submit(
        channel,
        payload,
        source,
        correlationId,
        ref.updatedAt,
      );
      if (ref.cancelled && submitted.status !== 'cancelled') {
        const key = `channel-sync:${channel}:${ref.id}:cancel`;
        const outcome = await this.orders.cancel(submitted.orderId, key, `cancelled in ${channel}`);
        if (outcome === 'refused')
          this.logger.warn(
            { channel, orderId: submitted.orderId },
            'channel cancel refused: shipped',
          );
      }
      await this.forwarded.record(channel, ref.id, { ...version, orderId: submitted.orderId });
      const outcome = submitted.alreadyKnown ? 'known' : 'created';
      channelSyncMetrics.ordersForwarded().inc({ channel, source, outcome });
      return outcome;
    } catch (err) {
      if (!(err instanceof OrderRejectedError)) throw err;
      this.logger.error({ channel, channelOrderId: ref.id, err: err.message }, 'order refused');
      await this.forwarded.record(channel, ref.id, {
        ...version,
        orderId: null,
        rejectedReason: err.message,
      });
      channelSyncMetrics.ordersForwarded().inc({ channel, source, outcome: 'rejected' });
      return 'rejected';
    }
  }
}
