import { Logger } from '@nestjs/common';
import type { Job, Queryable } from './job';
import { JobStore } from './job-store';

/**
 * Keeps one running job's lease while its handler runs: every `everyMs` it moves the lease's
 * expiry (`run_at`) `leaseMs` ahead, as long as the job is still ours. A handler may then outlast
 * `leaseMs` (e.g. waiting on a vendor's rate limit) without another worker claiming the job; only
 * a dead worker (no more renewals) lets the lease expire. When a renewal finds the job no longer
 * ours (taken over after a stall longer than the lease), the lease is lost: `signal` aborts, and
 * the worker does not apply the handler's outcome. A failed renewal (database unreachable) is
 * retried at the next tick: the lease may still be ours.
 */
export class LeaseKeeper {
  private readonly logger: Logger;
  private readonly controller = new AbortController();
  private timer?: NodeJS.Timeout;
  private renewing?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly db: Queryable,
    private readonly job: Job,
    private readonly leaseMs: number,
    private readonly everyMs: number,
  ) {
    this.logger = new Logger(`LeaseKeeper:${job.queue}`);
    this.schedule();
  }

  /** Aborts when the lease is lost. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get lost(): boolean {
    return this.controller.signal.aborted;
  }

  /** Stops renewing; resolves once a renewal in flight has ended (its verdict counts). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.renewing;
  }

  private schedule(): void {
    if (this.stopped || this.lost) return;
    this.timer = setTimeout(() => {
      this.renewing = this.renew().finally(() => {
        this.renewing = undefined;
        this.schedule();
      });
    }, this.everyMs);
    this.timer.unref();
  }

  private async renew(): Promise<void> {
    try {
      // Not logged here: a handler that settled the job itself ends the lease too (the worker
      // tells the two apart and logs a real loss).
      if (await JobStore.renew(this.db, this.job, this.leaseMs)) return;
      this.controller.abort(new Error(`lease of ${this.job.key} lost`));
    } catch (err) {
      this.logger.warn(`could not renew the lease of ${this.job.key}: ${(err as Error).message}`);
    }
  }
}
