import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  Customer,
  CustomerMatchBatchEntry,
  CustomerMatchBatchRequest,
  CustomerMatchBatchResult,
  CustomerMatchRequest,
  CustomerMatchResult,
} from '@retail/contracts';
import {
  assertCanActFor,
  CurrentPrincipal,
  OpenApi,
  type Principal,
  Scopes,
} from '@retail/platform-http';
import type { FastifyReply } from 'fastify';
import { MasterDataException } from '../common/master-data.exception';
import { EraseCustomerHandler } from './erase-customer/erase-customer.handler';
import { ErasureProgressDto } from './erasure-progress/erasure-progress.dto';
import { GetErasureProgressHandler } from './erasure-progress/get-erasure-progress.handler';
import { MatchCustomerHandler } from './match-customer/match-customer.handler';
import { MatchCustomersBatchHandler } from './match-customers-batch/match-customers-batch.handler';
import { CustomerQueries } from './persistence/customer.queries';
import { CustomerUpdate } from './put-customer/customer-update.dto';
import { PutCustomerHandler } from './put-customer/put-customer.handler';

@ApiTags('customers')
@ApiExtraModels(CustomerMatchBatchEntry)
@Controller()
export class CustomersController {
  constructor(
    private readonly matcher: MatchCustomerHandler,
    private readonly eraser: EraseCustomerHandler,
    private readonly queries: CustomerQueries,
    private readonly put: PutCustomerHandler,
    private readonly batch: MatchCustomersBatchHandler,
    private readonly erasure: GetErasureProgressHandler,
  ) {}

  // `::` is Fastify's escape for a literal colon: the route is /v1/customers:match. Matching
  // is naturally idempotent (a repeat matches the customer the first call created).
  @Post('customers::match')
  @Scopes('admin', 'channel', 'service')
  @ApiOperation({ summary: 'Find the customer by channel id, e-mail or phone, or create one' })
  @ApiOkResponse({ description: 'An existing customer matched', type: CustomerMatchResult })
  @ApiCreatedResponse({ description: 'A customer was created', type: CustomerMatchResult })
  async match(
    @Body() body: CustomerMatchRequest,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    assertCanActFor(principal, body.channel);
    const result = await this.matcher.execute(body, principal.kind === 'channel');
    reply.status(result.created ? 201 : 200);
    return result;
  }

  /**
   * The customers of many orders in one transaction (order-ingestion's pipeline). Service and
   * admin keys only: a channel key matches one customer at a time on `customers:match`, confined
   * to its channel. Answers 200 with one entry per match, in request order.
   */
  @Post('customers::match-batch')
  @Scopes('admin', 'service')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Match or create the customers of many orders in one call, answered per entry',
  })
  @ApiOkResponse({
    description: 'One entry per request entry, in order',
    schema: OpenApi.object({
      results: OpenApi.array({
        allOf: [
          OpenApi.ref(CustomerMatchBatchEntry),
          OpenApi.object({}, { problem: OpenApi.ref('Problem') }),
        ],
      }),
    }),
  })
  async matchBatch(@Body() body: CustomerMatchBatchRequest): Promise<CustomerMatchBatchResult> {
    return { results: await this.batch.execute(body.matches) };
  }

  @Get('customers/:id')
  @Scopes('admin')
  @ApiOperation({ summary: 'A customer (personal fields absent once erased)' })
  @ApiOkResponse({ type: Customer })
  async get(@Param('id') id: string) {
    const customer = await this.queries.find(id);
    if (!customer) throw MasterDataException.notFound(`customer ${id}`);
    return customer;
  }

  /**
   * Whether every service holding a copy has erased it (their `customer-erasure.completed`
   * events). Admin and service keys, like the other operations on customers across channels.
   */
  @Get('customers/:id/erasure')
  @Scopes('admin', 'service')
  @ApiOperation({ summary: "Progress of a customer's erasure, per service" })
  @ApiOkResponse({ description: 'Per service: completed or pending', type: ErasureProgressDto })
  async erasureProgress(@Param('id') id: string): Promise<ErasureProgressDto> {
    return this.erasure.execute(id);
  }

  @Put('customers/:id')
  @Scopes('admin')
  @ApiOperation({ summary: "Replace a customer's personal fields (version must grow, else 409)" })
  @ApiOkResponse({ description: 'The customer as stored', type: Customer })
  async update(@Param('id') id: string, @Body() body: CustomerUpdate) {
    await this.put.execute(id, body);
    return this.queries.find(id);
  }

  @Delete('customers/:id')
  @Scopes('admin')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Erased (no body)' })
  @ApiOperation({ summary: 'Erase the personal data of a customer (keeps a pseudonymous id)' })
  async erase(@Param('id') id: string): Promise<void> {
    await this.eraser.execute(id);
  }
}
