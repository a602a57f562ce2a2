import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { BaseUrl, CorrelationId } from '../common/request-context';
import { Simulates } from '../faults/simulated-system.decorator';
import { NsTransactionDto } from './dto/netsuite.dto';
import { assertSameExternalId, parseExternalId, parseRecordRef, recordUrl } from './external-ref';
import { writeHeaders } from './outcome-headers';
import { SalesOrdersService } from './sales-orders.service';

@ApiTags('erp (NetSuite REST)')
@Simulates('erp')
@Controller('services/rest/record/v1/salesOrder')
export class SalesOrdersController {
  constructor(private readonly salesOrders: SalesOrdersService) {}

  @Put(':ref')
  @HttpCode(204)
  @ApiOperation({ summary: 'Upsert a sales order by external id (eid:<id>); 204 + Location' })
  async upsert(
    @Param('ref') ref: string,
    @Body() body: NsTransactionDto,
    @CorrelationId() correlationId: string,
    @BaseUrl() baseUrl: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const externalId = parseExternalId(ref);
    assertSameExternalId(externalId, body.externalId);
    const outcome = await this.salesOrders.upsert(externalId, body, correlationId);
    writeHeaders(reply, baseUrl, 'salesOrder', outcome);
  }

  @Get(':ref')
  @ApiOperation({ summary: 'Get a sales order by internal id or eid:<id>' })
  find(@Param('ref') ref: string, @BaseUrl() baseUrl: string) {
    return this.salesOrders.find(parseRecordRef(ref), baseUrl);
  }

  @Post(':ref/@cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record action: cancel the sales order (repeat: counted, no change)' })
  async cancel(
    @Param('ref') ref: string,
    @CorrelationId() correlationId: string,
    @BaseUrl() baseUrl: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.salesOrders.cancel(parseExternalId(ref), correlationId);
    writeHeaders(reply, baseUrl, 'salesOrder', outcome);
    const self = `${recordUrl(baseUrl, 'salesOrder', outcome.id)}/@cancel`;
    return { links: [{ rel: 'self', href: self }], result: true };
  }
}
