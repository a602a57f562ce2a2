import { Injectable } from '@nestjs/common';
import { CanonicalOrder, OrderSubmissionResult, validateContract } from '@retail/contracts';
import { ProblemException } from '@retail/platform-http';
import { RequestContext } from '@retail/platform-observability';
import type { FastifyRequest } from 'fastify';
import { CHANNEL_ADAPTERS } from '../../channels';
import type { ChannelName, MappedChannelOrder } from '../../channels/channel-types';
import { duplicateLineIds } from '../domain/business-rules';
import { IngestOrderHandler } from '../ingest/ingest-order.handler';
import { ordersIngested } from '../metrics';
import { channelRequest, lineageHeaders } from './channel-request';

/**
 * Maps a channel's native payload to the canonical order and stores it like any other order.
 * Line SKUs stay the channel's here; the pipeline resolves them from the master-data read
 * model (and parks the order in `exception` if a SKU is unknown: the sale already happened).
 */
@Injectable()
export class IngestChannelOrderHandler {
  constructor(private readonly ingest: IngestOrderHandler) {}

  async execute(channel: ChannelName, request: FastifyRequest): Promise<OrderSubmissionResult> {
    const correlationId = RequestContext.correlationId() ?? 'unknown';
    const mapped = this.map(channel, request);
    const order = this.canonical(channel, mapped);
    const result = await this.ingest.execute({
      order,
      channelSkus: Object.fromEntries(mapped.order.lines.map((l) => [l.lineId, l.channelSku])),
      dedupeKeys: mapped.dedupeKeys,
      transformations: mapped.transformations,
      raw: {
        source: channel,
        contentType: request.headers['content-type'],
        headers: lineageHeaders(request),
        payload: channelRequest(request).rawBody.toString('utf8'),
      },
      correlationId,
    });
    return { orderId: result.orderId, status: result.status as never, correlationId };
  }

  private map(channel: ChannelName, request: FastifyRequest): MappedChannelOrder {
    try {
      return CHANNEL_ADAPTERS[channel].map(channelRequest(request));
    } catch (err) {
      ordersIngested().inc({ channel, outcome: 'rejected' });
      throw err;
    }
  }

  /** The draft without channel-only fields, checked against the canonical contract. */
  private canonical(channel: ChannelName, mapped: MappedChannelOrder): CanonicalOrder {
    const lines = mapped.order.lines.map(({ channelSku: _sku, name: _name, ...line }) => line);
    const { value, errors } = validateContract(CanonicalOrder, { ...mapped.order, lines });
    const duplicates = errors.length === 0 ? duplicateLineIds(value) : [];
    if (errors.length === 0 && duplicates.length === 0) return value;
    ordersIngested().inc({ channel, outcome: 'rejected' });
    const problems = duplicates.length
      ? [{ field: 'lines', message: `duplicate lineId ${duplicates.join(', ')}` }]
      : errors;
    throw new ProblemException(
      422,
      'invalid-channel-payload',
      'The mapped order is not valid',
      problems,
    );
  }
}
