import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { BaseUrl, CorrelationId } from '../common/request-context';
import { SimulatorHttpError } from '../common/simulator-http.error';
import { Simulates } from '../faults/simulated-system.decorator';
import {
  NsBillingDto,
  NsCustomerDto,
  NsCustomerQueryDto,
  NsItemFulfillmentDto,
} from './dto/netsuite.dto';
import { assertSameExternalId, parseExternalId, parseRecordRef } from './external-ref';
import { FinancialsService, TRANSFORM_TARGETS, TransformTarget } from './financials.service';
import { writeHeaders } from './outcome-headers';

/**
 * The financial side of fulfilment in NetSuite's REST shapes: customers (upsert by eid, query by
 * e-mail) and the records a sales order is transformed into on shipment (item fulfillment,
 * invoice, cash sale).
 */
@ApiTags('erp (NetSuite REST)')
@Simulates('erp')
@Controller('services/rest/record/v1')
export class FinancialsController {
  constructor(private readonly financials: FinancialsService) {}

  @Put('customer/:ref')
  @HttpCode(204)
  @ApiOperation({ summary: 'Upsert a customer by eid (created once)' })
  async upsertCustomer(
    @Param('ref') ref: string,
    @Body() body: NsCustomerDto,
    @CorrelationId() correlationId: string,
    @BaseUrl() baseUrl: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const externalId = parseExternalId(ref);
    assertSameExternalId(externalId, body.externalId);
    const outcome = await this.financials.upsertCustomer(externalId, body, correlationId);
    writeHeaders(reply, baseUrl, 'customer', outcome);
  }

  @Get('customer')
  @ApiOperation({ summary: 'Query customers (q=email IS "<e-mail>")' })
  queryCustomers(@Query() query: NsCustomerQueryDto, @BaseUrl() baseUrl: string) {
    return this.financials.queryCustomers(query.q, Math.min(query.limit ?? 1000, 1000), baseUrl);
  }

  @Get('customer/:ref')
  @ApiOperation({ summary: 'Get a customer by internal id or eid:<id>' })
  findCustomer(@Param('ref') ref: string, @BaseUrl() baseUrl: string) {
    return this.financials.findCustomer(parseRecordRef(ref), baseUrl);
  }

  // `!transform` as a parameter: Nest's path parser reserves `!` (checked in `transform`).
  @Post('salesOrder/:ref/:action/itemFulfillment')
  @HttpCode(204)
  @ApiOperation({ summary: 'Transform a sales order into an item fulfillment (once per eid)' })
  async fulfill(
    @Param('ref') ref: string,
    @Param('action') action: string,
    @Body() body: NsItemFulfillmentDto,
    @CorrelationId() correlationId: string,
    @BaseUrl() baseUrl: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.transform(ref, action, 'itemFulfillment', body, correlationId, baseUrl, reply);
  }

  @Post('salesOrder/:ref/:action/:target')
  @HttpCode(204)
  @ApiOperation({ summary: 'Transform a sales order into an invoice or cash sale (once per eid)' })
  async bill(
    @Param('ref') ref: string,
    @Param('action') action: string,
    @Param('target') target: string,
    @Body() body: NsBillingDto,
    @CorrelationId() correlationId: string,
    @BaseUrl() baseUrl: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    if (target !== 'invoice' && target !== 'cashSale')
      throw new SimulatorHttpError(400, 'INVALID_TRANSFORM', `cannot transform into ${target}`);
    await this.transform(ref, action, target, body, correlationId, baseUrl, reply);
  }

  @Get(':recordType/:ref')
  @ApiOperation({ summary: 'Get an item fulfillment, invoice or cash sale by id or eid:<id>' })
  findTransformed(
    @Param('recordType') recordType: string,
    @Param('ref') ref: string,
    @BaseUrl() baseUrl: string,
  ) {
    if (!(recordType in TRANSFORM_TARGETS))
      throw new SimulatorHttpError(404, 'INVALID_RCRD_TYPE', `no record type ${recordType}`);
    return this.financials.findTransformed(
      recordType as TransformTarget,
      parseRecordRef(ref),
      baseUrl,
    );
  }

  private async transform(
    ref: string,
    action: string,
    target: TransformTarget,
    body: NsItemFulfillmentDto | NsBillingDto,
    correlationId: string,
    baseUrl: string,
    reply: FastifyReply,
  ): Promise<void> {
    if (action !== '!transform')
      throw new SimulatorHttpError(404, 'INVALID_RCRD_TYPE', `no record action ${action}`);
    const salesOrder = parseExternalId(ref);
    if (!body.externalId)
      throw new SimulatorHttpError(400, 'USER_ERROR', 'externalId is required', {}, 'externalId');
    parseExternalId(`eid:${body.externalId}`);
    const outcome = await this.financials.transform(salesOrder, target, body, correlationId);
    writeHeaders(reply, baseUrl, target, outcome);
  }
}
