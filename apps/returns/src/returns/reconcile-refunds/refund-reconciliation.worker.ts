import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { JobsRuntime, JobWorker } from '@retail/platform-jobs';
import { RequestContext } from '@retail/platform-observability';
import { DataSource } from 'typeorm';
import type { ReturnsConfig } from '../../config/env';
import {
  REFUND_RECONCILIATION_QUEUE,
  ReconciliationRunsRepository,
} from './reconciliation-runs.repository';
import { RefundReconciliationRunner } from './refund-reconciliation.runner';

/**
 * Runs refund reconciliation on the platform's jobs queue (`refund-reconciliation`, key = run
 * id): one run at a time per replica, leased, taken over by another replica when its worker
 * dies. On RETURNS_REFUND_RECONCILE_INTERVAL_MINUTES every replica requests the run of the
 * current slot; the slot's run id makes that one run whoever asks first.
 */
@Injectable()
export class RefundReconciliationWorker
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(RefundReconciliationWorker.name);
  private readonly worker: JobWorker;
  private timer?: NodeJS.Timeout;

  constructor(
    db: DataSource,
    private readonly runtime: JobsRuntime,
    private readonly runs: ReconciliationRunsRepository,
    runner: RefundReconciliationRunner,
    @Inject(SERVICE_CONFIG) private readonly config: ReturnsConfig,
  ) {
    this.worker = new JobWorker(db, {
      queue: REFUND_RECONCILIATION_QUEUE,
      lanes: 1,
      leaseMs: 60_000,
      pollMs: config.env.RETURNS_WORKER_INTERVAL_MS,
      backoff: { baseMs: 2000, capMs: 120_000 },
      handler: (job) => runner.run(job),
    });
  }

  onApplicationBootstrap(): void {
    this.worker.start(this.runtime.listener);
    const minutes = this.config.env.RETURNS_REFUND_RECONCILE_INTERVAL_MINUTES;
    if (minutes > 0) this.timer = setInterval(() => void this.tick(), minutes * 60_000).unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.worker.stop();
  }

  /** A run was requested here (NOTIFY wakes the other replicas). */
  kick(): void {
    this.worker.wake();
  }

  /** Requests the current slot's run (every replica ticks; the first request wins). */
  async tick(now = new Date()): Promise<void> {
    const slotMs = this.config.env.RETURNS_REFUND_RECONCILE_INTERVAL_MINUTES * 60_000;
    const to = new Date(Math.floor(now.getTime() / slotMs) * slotMs);
    const from = new Date(
      to.getTime() - this.config.env.RETURNS_REFUND_RECONCILE_WINDOW_HOURS * 3_600_000,
    );
    const id = `sched-${to.toISOString().replace(/[-:.]/g, '')}`;
    await RequestContext.run({ correlationId: `refund-reconciliation-${id}` }, async () => {
      try {
        if (await this.runs.request({ id, trigger: 'schedule', from, to, dryRun: false }))
          this.kick();
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'could not request the scheduled run');
      }
    });
  }
}
