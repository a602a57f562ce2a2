import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { RequestContext } from '@retail/platform-observability';
import type { ReturnsConfig } from '../../config/env';
import type { ReturnRecord } from '../domain/return-record';
import { refundExceptions } from '../metrics/returns.metrics';
import { ReturnsRepository } from '../persistence/returns.repository';
import { StepRow, StepsRepository } from '../persistence/steps.repository';
import { nextSteps } from './step-names';
import { SimulatedCrashError, WORKFLOW_STEPS, WorkflowStep } from './workflow-step';

const isRetryable = (error: unknown) => (error as { retryable?: boolean }).retryable !== false;
const backoffMs = (attempts: number) => Math.min(1000 * 2 ** Math.max(attempts - 1, 0), 60_000);

/**
 * Runs one claimed step: the external work, then `done` + the local change + the next steps in
 * one transaction. A retryable failure is tried again with back-off (the answer says when); a
 * permanent one (or too many attempts) fails the step and puts the return in `exception` for an
 * operator.
 */
@Injectable()
export class WorkflowRunner {
  private readonly logger = new Logger(WorkflowRunner.name);
  private readonly byName: Map<string, WorkflowStep>;

  constructor(
    private readonly db: DataSource,
    private readonly returns: ReturnsRepository,
    private readonly steps: StepsRepository,
    @Inject(WORKFLOW_STEPS) definitions: WorkflowStep[],
    @Inject(SERVICE_CONFIG) private readonly config: ReturnsConfig,
  ) {
    this.byName = new Map(definitions.map((s) => [s.name, s]));
  }

  /** Undefined when the step is settled (done or failed), else the back-off before a retry. */
  async run(row: StepRow): Promise<{ retryInMs: number; error: string } | undefined> {
    const r = await this.returns.find(row.returnId);
    if (!r) return undefined;
    const correlationId = r.correlationId ?? r.id;
    return RequestContext.run({ correlationId, causationId: r.id }, async () => {
      try {
        await this.execute(r, row);
        return undefined;
      } catch (error) {
        return this.failed(r, row, error as Error);
      }
    });
  }

  private async execute(r: ReturnRecord, row: StepRow) {
    if (r.status === 'rejected' || r.status === 'closed') {
      await this.steps.setStates(this.db.manager, r.id, ['running'], 'skipped');
      return;
    }
    this.faultHook(row.step);
    const commit = await this.byName
      .get(row.step)!
      .run(r, { correlationId: r.correlationId ?? r.id });
    await this.db.transaction(async (m) => {
      await this.returns.find(r.id, m, true);
      if ((await this.steps.state(m, r.id, row.step)) === 'done') return;
      const result = await commit(m);
      await this.steps.complete(m, r.id, row.step, result);
      await this.steps.activate(m, r.id, nextSteps(r, row.step));
    });
  }

  /** Test hook for crash-resume tests (`RETURNS_FAULT_BEFORE_STEP`). */
  private faultHook(step: string) {
    const env = this.config.env;
    if (env.RETURNS_FAULT_BEFORE_STEP !== step) return;
    if (env.RETURNS_FAULT_MODE === 'exit') process.kill(process.pid, 'SIGKILL');
    throw new SimulatedCrashError(step);
  }

  private async failed(r: ReturnRecord, row: StepRow, error: Error) {
    const max = this.config.env.RETURNS_STEP_MAX_ATTEMPTS;
    if (isRetryable(error) && row.attempts < max) {
      this.logger.warn(`return ${r.id} step ${row.step} attempt ${row.attempts}: ${error.message}`);
      const retryInMs = backoffMs(row.attempts);
      await this.steps.retryLater(r.id, row.step, error.message, retryInMs);
      return { retryInMs, error: error.message };
    }
    this.logger.error(`return ${r.id} step ${row.step} failed: ${error.message}`);
    await this.db.transaction(async (m) => {
      await this.steps.fail(m, r.id, row.step, error.message);
      const current = (await this.returns.find(r.id, m, true))!;
      await this.returns.transition(m, r.id, [current.status], 'exception', {
        status_reason: `${row.step}: ${error.message}`.slice(0, 1000),
        resume_status: current.status === 'exception' ? current.resumeStatus : current.status,
      });
      await this.returns.addTimeline(m, r.id, 'exception', `${row.step} failed`, {
        reason: error.message,
      });
      if (row.step === 'refund')
        await this.returns.recordRefundException(m, r.id, r.orderChannel, error.message);
    });
    if (row.step === 'refund') refundExceptions().inc({ channel: r.orderChannel });
    return undefined;
  }
}
