import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  BackofficeError,
  type BackofficeAdapters,
  type CallContext,
} from '@retail/backoffice-adapters';
import { SERVICE_CONFIG } from '@retail/platform-config';
import type { Job, JobOutcome } from '@retail/platform-jobs';
import { SessionLock } from '@retail/platform-persistence';
import { DataSource } from 'typeorm';
import type { ReturnsConfig } from '../../config/env';
import { compareErpCredit, type RefundDrift, type ReturnCredit } from '../domain/refund-drift';
import { ReturnsRepository } from '../persistence/returns.repository';
import { creditMemoOf, erpSafe } from '../workflow/steps/erp-ids';
import { BACKOFFICE } from '../workflow/workflow-step';
import { ReconcileRefundsHandler } from './reconcile-refunds.handler';
import { ReconciliationRunsRepository, type RunView } from './reconciliation-runs.repository';
import { repostedCreditMemos } from './reconciliation.metrics';

/** Attempts of a run the provider or the ERP keeps failing before it is marked failed. */
export const RUN_MAX_ATTEMPTS = 8;
/** Progress is written after this many returns checked (and at the end). */
const PROGRESS_EVERY = 10;

/**
 * One refund reconciliation run (ADR 0042): the provider's refunds against our returns', then
 * each refunded return's ERP credit memo (looked up by its external id through the governed
 * ERP port) against the return's credit. A memo the ERP lost is posted again, the same
 * document under the same key; amounts that differ and voided memos are findings only.
 * Runs hold one advisory lock while they work, so two runs (two replicas, overlapping windows,
 * a schedule and a request) never check and post the same return at once: the second looks the
 * memo up after the first posted it and finds it.
 */
@Injectable()
export class RefundReconciliationRunner {
  private readonly logger = new Logger(RefundReconciliationRunner.name);

  constructor(
    private readonly db: DataSource,
    private readonly runs: ReconciliationRunsRepository,
    private readonly compare: ReconcileRefundsHandler,
    private readonly returns: ReturnsRepository,
    private readonly lock: SessionLock,
    @Inject(BACKOFFICE) private readonly backoffice: BackofficeAdapters,
    @Inject(SERVICE_CONFIG) private readonly config: ReturnsConfig,
  ) {}

  async run(job: Job): Promise<JobOutcome> {
    const run = await this.runs.find(job.key);
    if (!run || run.state === 'completed' || run.state === 'failed') return { kind: 'done' };
    const release = await this.lock.tryAcquire(`${this.config.schema}:refund-reconciliation`);
    if (!release) {
      await this.runs.progress(run.runId, { phase: 'waiting' });
      return { kind: 'retry', delayMs: 1000, countAttempt: false, error: 'another run is working' };
    }
    try {
      await this.runs.start(run.runId);
      const ctx = { correlationId: run.correlationId ?? `refund-reconciliation-${run.runId}` };
      const { items, reposted } = await this.reconcile(run, ctx, job.signal);
      await this.runs.finish(run.runId, items, reposted);
      this.logger.log(
        { runId: run.runId, drifting: items.length, reposted },
        'refund reconciliation run completed',
      );
      return { kind: 'done' };
    } catch (error) {
      const message = (error as Error).message;
      // Taken over: the other worker runs it again (this outcome is not applied anyway).
      if (job.signal?.aborted) return { kind: 'retry', error: message };
      const retryable = error instanceof BackofficeError && error.retryable;
      if (retryable && job.attempts < RUN_MAX_ATTEMPTS) {
        await this.runs.progress(run.runId, { error: `attempt ${job.attempts}: ${message}` });
        return { kind: 'retry', error: message };
      }
      await this.runs.fail(run.runId, message);
      this.logger.error({ runId: run.runId, err: message }, 'refund reconciliation run failed');
      return { kind: 'done' };
    } finally {
      await release();
    }
  }

  private async reconcile(run: RunView, ctx: CallContext, signal?: AbortSignal) {
    const id = run.runId;
    await this.runs.progress(id, { phase: 'provider' });
    const { report, recorded } = await this.compare.compare(
      new Date(run.from),
      new Date(run.to),
      ctx,
      (n) => void this.runs.progress(id, { providerRefunds: n }).catch(() => undefined),
    );
    const credits = await this.runs.postedCredits(
      recorded.map((r) => ({ returnId: r.returnId, refundId: r.refundId! })),
    );
    await this.runs.progress(id, {
      phase: 'erp',
      providerRefunds: report.providerRefunds,
      toCheck: credits.length,
      checked: 0,
    });
    const items: RefundDrift[] = [...report.items];
    let reposted = 0;
    for (const [i, credit] of credits.entries()) {
      // The lease went to another worker: it starts the run again, this one stops here.
      if (signal?.aborted) throw new Error('the run was taken over by another worker');
      const drift = await this.check(credit, run, ctx);
      if (drift) items.push(drift);
      if (drift?.corrected) reposted++;
      if ((i + 1) % PROGRESS_EVERY === 0) await this.runs.progress(id, { checked: i + 1 });
    }
    await this.runs.progress(id, { checked: credits.length });
    return { items, reposted };
  }

  private async check(credit: ReturnCredit, run: RunView, ctx: CallContext) {
    const memo = await this.backoffice.erp.findCreditMemo(erpSafe(credit.returnId), ctx);
    const drift = compareErpCredit(credit, memo);
    if (drift?.kind !== 'missing_in_erp' || run.dryRun) return drift;
    const r = await this.returns.find(credit.returnId);
    if (!r?.refund) return drift;
    const posted = await this.backoffice.erp.createCreditMemo(creditMemoOf(r), ctx);
    await this.db.transaction(async (m) => {
      await this.returns.update(m, r.id, { erp_credit_memo_id: posted.id });
      await this.returns.addTimeline(m, r.id, r.status, 'erp credit memo reposted', {
        ...posted,
        runId: run.runId,
      });
    });
    repostedCreditMemos().inc();
    return {
      ...drift,
      erp: {
        creditMemoId: posted.id,
        amount: credit.amount,
        currency: credit.currency,
        status: 'posted',
      },
      corrected: true,
      action: `Posted again by reconciliation run ${run.runId} (ERP credit memo ${posted.id}).`,
    };
  }
}
