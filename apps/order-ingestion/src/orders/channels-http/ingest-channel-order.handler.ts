import { Injectable } from '@nestjs/common';
import { OrderSubmissionResult } from '@retail/contracts';
import { RequestContext } from '@retail/platform-observability';
import type { FastifyRequest } from 'fastify';
import { CHANNEL_ADAPTERS } from '../../channels';
import type { ChannelName, MappedChannelOrder } from '../../channels/channel-types';
import { IngestOrderHandler } from '../ingest/ingest-order.handler';
import { ordersIngested } from '../metrics';
import { ChannelPaymentUpdates } from '../payment-status/channel-payment-updates';
import { channelRequest, deliverySource, lineageHeaders } from './channel-request';

/**
 * Maps a channel's native payload to the canonical order and stores it like any other order.
 * The one mapping path for every way a channel order arrives: the channel's own webhook, or the
 * native order channel-sync pulled and forwards (ADR 0018). Line SKUs stay the channel's here;
 * the pipeline resolves them (non_stock lines have none) and parks held orders `on_hold`.
 */
@Injectable()
export class IngestChannelOrderHandler {
  constructor(
    private readonly ingest: IngestOrderHandler,
    private readonly payments: ChannelPaymentUpdates,
  ) {}

  async execute(channel: ChannelName, request: FastifyRequest): Promise<OrderSubmissionResult> {
    const correlationId = RequestContext.correlationId() ?? 'unknown';
    const source = deliverySource(request);
    // The mapping validated the canonical order (unique line ids, CanonicalOrder) already: the
    // 202 path validates each order once (class-validator was ~15% of the burst's CPU twice).
    const mapped = this.map(channel, request);
    const order = mapped.canonical;
    const channelSkus: Record<string, string> = {};
    for (const line of mapped.order.lines) {
      if (line.channelSku) channelSkus[line.lineId] = line.channelSku;
    }
    const result = await this.ingest.execute({
      order,
      channelSkus,
      dedupeKeys: mapped.dedupeKeys,
      transformations: [`received from ${channel} via ${source}`, ...mapped.transformations],
      raw: {
        source: channel,
        contentType: request.headers['content-type'],
        headers: lineageHeaders(request),
        payload: channelRequest(request).rawBody.toString('utf8'),
      },
      correlationId,
      holds: mapped.holds,
    });
    // A known order delivered again (orders/paid, orders/updated, a pulled update) may carry a
    // new payment status: applied by rule (ADR 0037). Never on the path that creates the order.
    const update = result.created
      ? undefined
      : await this.payments.redelivered(
          channel,
          request,
          result.orderId,
          order.payment.status,
          correlationId,
        );
    return {
      orderId: result.orderId,
      status: (update?.status ?? result.status) as never,
      correlationId,
      alreadyKnown: !result.created,
    };
  }

  private map(channel: ChannelName, request: FastifyRequest): MappedChannelOrder {
    try {
      return CHANNEL_ADAPTERS[channel].map(channelRequest(request));
    } catch (err) {
      ordersIngested().inc({ channel, outcome: 'rejected' });
      throw err;
    }
  }
}
