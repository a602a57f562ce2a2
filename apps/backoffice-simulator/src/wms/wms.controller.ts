import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { pageSize } from '../common/cursor';
import { CorrelationId } from '../common/request-context';
import { Simulates } from '../faults/simulated-system.decorator';
import {
  DispositionTransferDto,
  FulfillmentRequestDto,
  ShipmentFeedQueryDto,
  TransferRequestDto,
} from './wms.dto';
import { WmsRequestKind } from './wms.entities';
import { DispositionTransferView, WmsRequestView, WmsService } from './wms.service';

@ApiTags('wms')
@Simulates('wms')
@Controller('wms/v1')
export class WmsController {
  constructor(private readonly wms: WmsService) {}

  @Post('fulfillment-requests')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Request a fulfillment; a repeated requestId replays 201 with idempotent-replayed: true',
  })
  fulfillment(
    @Body() body: FulfillmentRequestDto,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WmsRequestView> {
    return this.submit('fulfillment', body, correlationId, reply);
  }

  @Post('transfer-requests')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Request a transfer between locations (same idempotency as fulfillments)',
  })
  transfer(
    @Body() body: TransferRequestDto,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WmsRequestView> {
    return this.submit('transfer', body, correlationId, reply);
  }

  @Post('disposition-transfers')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Send goods to a disposition partner (liquidation, recycling, destruction); a repeated idempotencyKey replays 201 with idempotent-replayed: true',
  })
  async disposition(
    @Body() body: DispositionTransferDto,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DispositionTransferView> {
    return replayAware(reply, await this.wms.submitDisposition(body, correlationId));
  }

  @Get('fulfillment-requests/:requestId')
  findFulfillment(@Param('requestId') requestId: string): Promise<WmsRequestView> {
    return this.wms.find('fulfillment', requestId);
  }

  @Get('transfer-requests/:requestId')
  findTransfer(@Param('requestId') requestId: string): Promise<WmsRequestView> {
    return this.wms.find('transfer', requestId);
  }

  @Get('shipments')
  @ApiOperation({ summary: 'Shipment confirmations after `cursor` (poll; pass back `cursor`)' })
  shipments(@Query() query: ShipmentFeedQueryDto) {
    return this.wms.feed(query.cursor, pageSize(query.limit));
  }

  private async submit(
    kind: WmsRequestKind,
    body: FulfillmentRequestDto | TransferRequestDto,
    correlationId: string,
    reply: FastifyReply,
  ): Promise<WmsRequestView> {
    return replayAware(reply, await this.wms.submit(kind, body, correlationId));
  }
}

/** Like an idempotent POST: the replay keeps the first status, the header tells it apart. */
function replayAware<T>(reply: FastifyReply, outcome: { view: T; created: boolean }): T {
  if (!outcome.created) void reply.header('idempotent-replayed', 'true');
  return outcome.view;
}
