import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Idempotent, ProblemException, Scopes } from '@retail/platform-http';
import { RequestContext } from '@retail/platform-observability';
import { randomUUID } from 'crypto';
import {
  assertWindow,
  ReconcileRefundsHandler,
} from '../reconcile-refunds/reconcile-refunds.handler';
import {
  ListRefundReconciliationRuns,
  ReconcileRefundsQuery,
  RequestRefundReconciliation,
} from '../reconcile-refunds/reconcile-refunds.query';
import { ReconciliationRunsRepository } from '../reconcile-refunds/reconciliation-runs.repository';
import { RefundReconciliationWorker } from '../reconcile-refunds/refund-reconciliation.worker';
import {
  REFUND_RECONCILIATION_RUN_SCHEMA,
  REFUND_RECONCILIATION_RUNS_SCHEMA,
} from './reconciliation-run.schema';
import { REFUND_RECONCILIATION_SCHEMA } from './return-view.schema';

/** Refunds vs payments, for finance and operators (admin). */
@ApiTags('reconciliation')
@Controller('reconciliation')
export class ReconciliationHttpController {
  constructor(
    private readonly refunds: ReconcileRefundsHandler,
    private readonly runs: ReconciliationRunsRepository,
    private readonly worker: RefundReconciliationWorker,
  ) {}

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

  @Post('refunds/runs')
  @Scopes('admin')
  @Idempotent(202)
  @ApiOperation({
    summary: 'Start a refund reconciliation run: provider refunds and ERP credit memos',
    description:
      'Queued on the jobs queue and answered at once (202); follow it with GET .../runs/{runId}. ' +
      'A credit memo the ERP lost for a refunded return is posted again (unless dryRun); ' +
      'amount drift and voided memos are findings only (ADR 0042).',
  })
  @ApiResponse({ status: 202, schema: REFUND_RECONCILIATION_RUN_SCHEMA })
  async requestRun(@Body() body: RequestRefundReconciliation) {
    const [from, to] = [new Date(body.from), new Date(body.to)];
    assertWindow(from, to);
    const runId = `rr-${randomUUID()}`;
    await this.runs.request({ id: runId, trigger: 'api', from, to, dryRun: body.dryRun ?? false });
    this.worker.kick();
    return (await this.runs.find(runId))!;
  }

  @Get('refunds/runs')
  @Scopes('admin')
  @ApiOperation({ summary: 'Refund reconciliation runs, newest first' })
  @ApiOkResponse({ schema: REFUND_RECONCILIATION_RUNS_SCHEMA })
  async listRuns(@Query() query: ListRefundReconciliationRuns) {
    return { items: await this.runs.latest(query.limit ?? 20) };
  }

  @Get('refunds/runs/:runId')
  @Scopes('admin')
  @ApiOperation({ summary: 'A refund reconciliation run: state, progress and findings' })
  @ApiOkResponse({ schema: REFUND_RECONCILIATION_RUN_SCHEMA })
  async getRun(@Param('runId') runId: string) {
    const run = await this.runs.find(runId);
    if (!run) throw new ProblemException(404, 'run-not-found', `no reconciliation run ${runId}`);
    const { correlationId: _c, ...view } = run;
    return view;
  }
}
