import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OpenApi, RequestedBy, requesterOf, Scopes } from '@retail/platform-http';
import { RequestContext } from '@retail/platform-observability';
import { orderChangeSchema } from '../query/order-view';
import { RetryOrderHandler } from './retry-order.handler';

/** Optional body of `POST /v1/orders/{id}/retry`. */
export class RetryOrderBody extends RequestedBy {}

/** The operator's retry of an order in exception (contract: "Orders (3001)"). */
@ApiTags('orders')
@Controller('orders')
export class RetryOrderHttpController {
  constructor(private readonly retry: RetryOrderHandler) {}

  @Post(':orderId/retry')
  @Scopes('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run an order in exception (or refused by the ERP) again from the step that failed',
    description: 'Admin keys only. 409 when the order is not in exception.',
  })
  @ApiOkResponse({
    description: 'Queued again: to the ERP (awaiting_erp) or to the pipeline (received)',
    schema: orderChangeSchema(['awaiting_erp', 'received'], {
      retriedStep: OpenApi.string({ description: 'The step that runs again' }),
    }),
  })
  execute(@Param('orderId') orderId: string, @Body() body?: RetryOrderBody) {
    return this.retry.execute(
      orderId,
      requesterOf(body),
      RequestContext.correlationId() ?? 'unknown',
    );
  }
}
