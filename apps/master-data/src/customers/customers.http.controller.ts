import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CustomerMatchRequest } from '@retail/contracts';
import { assertCanActFor, CurrentPrincipal, type Principal, Scopes } from '@retail/platform-http';
import type { FastifyReply } from 'fastify';
import { MasterDataException } from '../common/master-data.exception';
import { EraseCustomerHandler } from './erase-customer/erase-customer.handler';
import { MatchCustomerHandler } from './match-customer/match-customer.handler';
import { CustomerQueries } from './persistence/customer.queries';
import { CustomerUpdate } from './put-customer/customer-update.dto';
import { PutCustomerHandler } from './put-customer/put-customer.handler';

@ApiTags('customers')
@Controller()
export class CustomersController {
  constructor(
    private readonly matcher: MatchCustomerHandler,
    private readonly eraser: EraseCustomerHandler,
    private readonly queries: CustomerQueries,
    private readonly put: PutCustomerHandler,
  ) {}

  // `::` is Fastify's escape for a literal colon: the route is /v1/customers:match. Matching
  // is naturally idempotent (a repeat matches the customer the first call created).
  @Post('customers::match')
  @Scopes('admin', 'channel', 'service')
  @ApiOperation({ summary: 'Find the customer by channel id, e-mail or phone, or create one' })
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

  @Get('customers/:id')
  @Scopes('admin')
  @ApiOperation({ summary: 'A customer (personal fields absent once erased)' })
  async get(@Param('id') id: string) {
    const customer = await this.queries.find(id);
    if (!customer) throw MasterDataException.notFound(`customer ${id}`);
    return customer;
  }

  @Put('customers/:id')
  @Scopes('admin')
  @ApiOperation({ summary: "Replace a customer's personal fields (version must grow, else 409)" })
  async update(@Param('id') id: string, @Body() body: CustomerUpdate) {
    await this.put.execute(id, body);
    return this.queries.find(id);
  }

  @Delete('customers/:id')
  @Scopes('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Erase the personal data of a customer (keeps a pseudonymous id)' })
  async erase(@Param('id') id: string): Promise<void> {
    await this.eraser.execute(id);
  }
}
