import { Controller, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { OrderSubmissionResult } from '@retail/contracts';
import { Idempotent, Public, Scopes } from '@retail/platform-http';
import type { FastifyRequest } from 'fastify';
import { ChannelAuthGuard, ForChannel } from './channel-auth.guard';
import { IngestChannelOrderHandler } from './ingest-channel-order.handler';

/** The channel's own order payload, as its published API defines it (not re-described here). */
function channelPayload(channel: string) {
  return {
    description: `The ${channel} order as the channel's API sends it`,
    schema: { type: 'object' as const, additionalProperties: true },
  };
}

/**
 * Channel-native ingestion: each route takes the channel's payload as the channel sends it.
 * Shopify and Square are @Public (their HMAC authenticates them, ADR 0007); the others need an
 * x-api-key like every /v1 route. A service key (channel-sync forwarding what it pulled) may post
 * to every route, without signature (ADR 0018).
 */
@ApiTags('channels')
@Controller('channels')
@Scopes('admin', 'channel', 'service')
@UseGuards(ChannelAuthGuard)
export class ChannelOrdersHttpController {
  constructor(private readonly handler: IngestChannelOrderHandler) {}

  @Post('shopify/orders')
  @Public()
  @ApiSecurity('shopify-hmac')
  @ApiSecurity('api-key')
  @ForChannel('shopify')
  @ApiBody(channelPayload('shopify'))
  @Idempotent(202, OrderSubmissionResult)
  shopify(@Req() req: FastifyRequest): Promise<OrderSubmissionResult> {
    return this.handler.execute('shopify', req);
  }

  @Post('square/orders')
  @Public()
  @ApiSecurity('square-signature')
  @ApiSecurity('api-key')
  @ForChannel('square')
  @ApiBody(channelPayload('square'))
  @Idempotent(202, OrderSubmissionResult)
  square(@Req() req: FastifyRequest): Promise<OrderSubmissionResult> {
    return this.handler.execute('square', req);
  }

  @Post('amazon/orders')
  @ForChannel('amazon')
  @ApiBody(channelPayload('amazon'))
  @Idempotent(202, OrderSubmissionResult)
  amazon(@Req() req: FastifyRequest): Promise<OrderSubmissionResult> {
    return this.handler.execute('amazon', req);
  }

  @Post('adobe-commerce/orders')
  @ForChannel('adobe-commerce')
  @ApiBody(channelPayload('adobe-commerce'))
  @Idempotent(202, OrderSubmissionResult)
  adobeCommerce(@Req() req: FastifyRequest): Promise<OrderSubmissionResult> {
    return this.handler.execute('adobe-commerce', req);
  }

  @Post('bigcommerce/orders')
  @ForChannel('bigcommerce')
  @ApiBody(channelPayload('bigcommerce'))
  @Idempotent(202, OrderSubmissionResult)
  bigcommerce(@Req() req: FastifyRequest): Promise<OrderSubmissionResult> {
    return this.handler.execute('bigcommerce', req);
  }

  @Post('salesforce-commerce/orders')
  @ForChannel('salesforce-commerce')
  @ApiBody(channelPayload('salesforce-commerce'))
  @Idempotent(202, OrderSubmissionResult)
  salesforceCommerce(@Req() req: FastifyRequest): Promise<OrderSubmissionResult> {
    return this.handler.execute('salesforce-commerce', req);
  }
}
