import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  CancelOrder,
  CanonicalOrder,
  OrderSubmissionResult,
  validateContract,
} from '@retail/contracts';
import {
  assertCanActFor,
  CurrentPrincipal,
  Idempotent,
  NoRequestBody,
  Principal,
  ProblemException,
  Scopes,
} from '@retail/platform-http';
import { RequestContext } from '@retail/platform-observability';
import type { FastifyRequest } from 'fastify';
import { CancelOrderHandler } from '../cancel/cancel-order.handler';
import { ReleaseHoldHandler } from '../cancel/release-hold.handler';
import { duplicateLineIds, paymentProblems } from '../domain/business-rules';
import { OrderException } from '../domain/order.exception';
import { ordersIngested } from '../metrics';
import { GetOrderHandler } from '../query/get-order.handler';
import { ListOrdersHandler } from '../query/list-orders.handler';
import { ListOrdersQuery } from '../query/list-orders.query';
import {
  ORDER_PAGE_SCHEMA,
  ORDER_VIEW_MODELS,
  ORDER_VIEW_SCHEMA,
  orderChangeSchema,
} from '../query/order-view';
import { conflict } from '../payment-status/conflict-response';
import { IngestOrderHandler } from './ingest-order.handler';

/** The cancel body is optional (the contract: "may be empty"); when sent it is validated. */
function cancelBody(body: unknown): CancelOrder {
  if (body === undefined || body === null) return {};
  const { value, errors } = validateContract(CancelOrder, body);
  if (errors.length > 0)
    throw new ProblemException(422, 'validation-failed', 'The request is not valid', errors);
  return value;
}

function assertUniqueLines(body: CanonicalOrder): void {
  const duplicates = duplicateLineIds(body);
  if (duplicates.length === 0) return;
  ordersIngested().inc({ channel: body.channel, outcome: 'rejected' });
  throw new OrderException('invalid-order', 'line ids must be unique', [
    { field: 'lines', message: `duplicate lineId ${duplicates.join(', ')}` },
  ]);
}

/**
 * `customer.customerId` skips the customer matching: only a service (channel-sync, returns'
 * exchanges) or an administrator may name a canonical customer; a channel key could otherwise
 * attach its order to any other channel's customer.
 */
function assertMayNameCustomer(principal: Principal, body: CanonicalOrder): void {
  if (!body.customer?.customerId || principal.kind === 'service' || principal.kind === 'admin')
    return;
  ordersIngested().inc({ channel: body.channel, outcome: 'rejected' });
  throw new ProblemException(
    403,
    'forbidden',
    'customer.customerId may only be given by a service or an administrator',
    [{ field: 'customer.customerId', message: 'leave it out: the customer is matched' }],
  );
}

function assertPaymentAddsUp(body: CanonicalOrder): void {
  const problems = paymentProblems(body);
  if (problems.length === 0) return;
  ordersIngested().inc({ channel: body.channel, outcome: 'rejected' });
  throw new OrderException('invalid-order', 'the payment does not add up to the order', problems);
}

const correlationId = () => RequestContext.correlationId() ?? 'unknown';

/** The canonical order API of the contract ("Orders (3001)"). */
@ApiTags('orders')
@ApiExtraModels(...ORDER_VIEW_MODELS)
@Controller('orders')
export class OrdersHttpController {
  constructor(
    private readonly ingest: IngestOrderHandler,
    private readonly getOrder: GetOrderHandler,
    private readonly listOrders: ListOrdersHandler,
    private readonly cancelOrder: CancelOrderHandler,
    private readonly releaseHold: ReleaseHoldHandler,
  ) {}

  @Post()
  @Scopes('admin', 'channel', 'service')
  @Idempotent(202, OrderSubmissionResult)
  async create(
    @Body() body: CanonicalOrder,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
  ): Promise<OrderSubmissionResult> {
    assertCanActFor(principal, body.channel);
    assertUniqueLines(body);
    // A service forwards what a channel mapping made: its tenders were checked (and the order
    // held with the reason) by the mapping; a client's own canonical order must add up.
    if (principal.kind !== 'service') assertPaymentAddsUp(body);
    assertMayNameCustomer(principal, body);
    const result = await this.ingest.execute({
      order: body,
      channelSkus: {},
      dedupeKeys: [],
      transformations: [],
      raw: {
        source: 'canonical',
        contentType: req.headers['content-type'],
        headers: {},
        payload: req.rawBody?.toString('utf8') ?? JSON.stringify(body),
      },
      correlationId: correlationId(),
    });
    return {
      orderId: result.orderId,
      status: result.status as never,
      correlationId: correlationId(),
    };
  }

  /** A service key (channel-sync's reconciliation) may list every channel's orders. */
  @Get()
  @Scopes('admin', 'channel', 'service')
  @ApiOkResponse({ description: 'A page of orders, newest first', schema: ORDER_PAGE_SCHEMA })
  list(@Query() query: ListOrdersQuery, @CurrentPrincipal() principal: Principal) {
    return this.listOrders.execute(query, principal);
  }

  @Get(':orderId')
  @Scopes('admin', 'channel', 'service')
  @ApiOkResponse({
    description: 'The canonical order with its status, fulfilments, ERP state and timeline',
    schema: ORDER_VIEW_SCHEMA,
  })
  get(@Param('orderId') orderId: string, @CurrentPrincipal() principal: Principal) {
    return this.getOrder.execute(orderId, principal);
  }

  @Post(':orderId/cancel')
  @Scopes('admin', 'channel', 'service')
  @Idempotent(200)
  @ApiBody({ type: CancelOrder, required: false, description: 'May be empty' })
  @ApiOkResponse({
    description: 'Cancelled (a repeat, or an order already cancelled, answers the same)',
    schema: orderChangeSchema(['cancelled']),
  })
  cancel(
    @Param('orderId') orderId: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.cancelOrder.execute(orderId, cancelBody(body), principal, correlationId());
  }

  @Post(':orderId/release-hold')
  @NoRequestBody()
  @Scopes('admin')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'Released: the pipeline carries on',
    schema: orderChangeSchema(['received']),
  })
  @conflict('order-not-on-hold, or payment-failed: a failed payment needs a status update')
  release(@Param('orderId') orderId: string) {
    return this.releaseHold.execute(orderId, correlationId());
  }
}
