import { Body, Controller, HttpCode, Param, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { BaseUrl, CorrelationId } from '../common/request-context';
import { Simulates } from '../faults/simulated-system.decorator';
import { NsInventoryAdjustmentDto, NsTransactionDto } from './dto/netsuite.dto';
import { assertSameExternalId, parseExternalId } from './external-ref';
import { writeHeaders } from './outcome-headers';
import { TransactionsService } from './transactions.service';

/** Return authorizations, credit memos and inventory adjustments, all upserted by eid. */
@ApiTags('erp (NetSuite REST)')
@Simulates('erp')
@Controller('services/rest/record/v1')
export class TransactionsController {
  constructor(private readonly transactions: TransactionsService) {}

  @Put('returnAuthorization/:ref')
  @HttpCode(204)
  @ApiOperation({ summary: 'Upsert a return authorization by eid (created once)' })
  async returnAuthorization(
    @Param('ref') ref: string,
    @Body() body: NsTransactionDto,
    @CorrelationId() correlationId: string,
    @BaseUrl() baseUrl: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.upsertDocument(
      'return_authorization',
      'returnAuthorization',
      ref,
      body,
      correlationId,
      baseUrl,
      reply,
    );
  }

  @Put('creditMemo/:ref')
  @HttpCode(204)
  @ApiOperation({ summary: 'Upsert a credit memo by eid (created once)' })
  async creditMemo(
    @Param('ref') ref: string,
    @Body() body: NsTransactionDto,
    @CorrelationId() correlationId: string,
    @BaseUrl() baseUrl: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.upsertDocument(
      'credit_memo',
      'creditMemo',
      ref,
      body,
      correlationId,
      baseUrl,
      reply,
    );
  }

  @Put('inventoryAdjustment/:ref')
  @HttpCode(204)
  @ApiOperation({ summary: 'Upsert an inventory adjustment batch by eid; on-hand moves once' })
  async inventoryAdjustment(
    @Param('ref') ref: string,
    @Body() body: NsInventoryAdjustmentDto,
    @CorrelationId() correlationId: string,
    @BaseUrl() baseUrl: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const externalId = this.externalId(ref, body.externalId);
    const outcome = await this.transactions.upsertAdjustment(externalId, body, correlationId);
    writeHeaders(reply, baseUrl, 'inventoryAdjustment', outcome);
  }

  /** Return authorizations and credit memos differ only in their kind and record name. */
  private async upsertDocument(
    kind: Parameters<TransactionsService['upsertDocument']>[0],
    record: string,
    ref: string,
    body: NsTransactionDto,
    correlationId: string,
    baseUrl: string,
    reply: FastifyReply,
  ): Promise<void> {
    const externalId = this.externalId(ref, body.externalId);
    const outcome = await this.transactions.upsertDocument(kind, externalId, body, correlationId);
    writeHeaders(reply, baseUrl, record, outcome);
  }

  private externalId(ref: string, bodyExternalId: string | undefined): string {
    const externalId = parseExternalId(ref);
    assertSameExternalId(externalId, bodyExternalId);
    return externalId;
  }
}
