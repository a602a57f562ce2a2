import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Scopes } from '@retail/platform-http';
import { RequestContext } from '@retail/platform-observability';
import { ReconcileRefundsHandler } from '../reconcile-refunds/reconcile-refunds.handler';
import { ReconcileRefundsQuery } from '../reconcile-refunds/reconcile-refunds.query';
import { REFUND_RECONCILIATION_SCHEMA } from './return-view.schema';

/** Refunds vs payments, for finance and operators (admin). */
@ApiTags('reconciliation')
@Controller('reconciliation')
export class ReconciliationHttpController {
  constructor(private readonly refunds: ReconcileRefundsHandler) {}

  @Get('refunds')
  @Scopes('admin')
  @ApiOperation({
    summary: "Refunds our returns recorded vs the payment provider's refunds in a window",
    description:
      'Lists drift with the action for each: unrecorded_refund, missing_at_provider, ' +
      'amount_mismatch, not_settled. Reads only; 503 while the provider is unavailable.',
  })
  @ApiOkResponse({ schema: REFUND_RECONCILIATION_SCHEMA })
  reconcile(@Query() query: ReconcileRefundsQuery) {
    return this.refunds.execute(
      new Date(query.from),
      new Date(query.to),
      RequestContext.correlationId() ?? `reconcile-refunds-${Date.now()}`,
    );
  }
}
