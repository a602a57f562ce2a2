import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { RequireAdmin } from '@retail/platform-http';
import { RequestContext } from '@retail/platform-observability';
import { IsOptional, IsString, Length } from 'class-validator';
import { RetryOrderHandler } from './retry-order.handler';

/** Optional body of `POST /v1/orders/{id}/retry`. */
export class RetryOrderBody {
  @ApiProperty({
    required: false,
    description: 'Who asked (e.g. the operator signed in to the console), kept in the timeline',
    example: 'alice (ops-console)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  requestedBy?: string;
}

/** The operator's retry of an order in exception (contract: "Orders (3001)"). */
@ApiTags('orders')
@Controller('orders')
export class RetryOrderHttpController {
  constructor(private readonly retry: RetryOrderHandler) {}

  @Post(':orderId/retry')
  @RequireAdmin()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run an order in exception (or refused by the ERP) again from the step that failed',
    description: 'Admin keys only. 409 when the order is not in exception.',
  })
  execute(@Param('orderId') orderId: string, @Body() body?: RetryOrderBody) {
    const who = body?.requestedBy ? `${body.requestedBy} (admin key)` : 'an administrator';
    return this.retry.execute(orderId, who, RequestContext.correlationId() ?? 'unknown');
  }
}
