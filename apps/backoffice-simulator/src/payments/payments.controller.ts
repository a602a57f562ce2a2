import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { CorrelationId } from '../common/request-context';
import { SimulatorHttpError } from '../common/simulator-http.error';
import { Simulates } from '../faults/simulated-system.decorator';
import { PaymentsService } from './payments.service';
import { RefundRequestDto } from './refund.dto';

@ApiTags('payments')
@Simulates('payments')
@Controller('payments/v1')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post('refunds')
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiOperation({
    summary: 'Refund a payment; same key + body replays with idempotent-replayed: true',
  })
  async refund(
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: RefundRequestDto,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    if (!key || key.length > 255) {
      throw new SimulatorHttpError(
        400,
        'idempotency_key_required',
        'Idempotency-Key header (1-255 chars) is required',
      );
    }
    const outcome = await this.payments.refund(key, body, correlationId);
    if (!outcome.created) void reply.header('idempotent-replayed', 'true');
    return outcome.response;
  }

  @Get('refunds/:id')
  find(@Param('id') id: string): Promise<Record<string, unknown>> {
    return this.payments.find(id);
  }
}
