import { withRemoteParentSpan } from '@retail/platform-observability';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { backoffDelayMs } from './backoff';
import type { Job, JobOutcome } from './job';
import { JobStore } from './job-store';
import { LeaseKeeper } from './lease-keeper';
import type { JobsListener } from './jobs-listener';
import { WakeSignal } from './wake-signal';

/** Admission inside the claim's transaction (e.g. a limit shared by every replica). */
export type ClaimGate = (
  m: EntityManager,
  wanted: number,
) => Promise<{ admit: number; waitMs?: number }>;

export interface JobWorkerOptions<P> {
  queue: string;
  /**
   * Jobs running at once in this process: the worker's only own limit. A function is asked
   * before every claim (e.g. fewer lanes while a downstream queue is long); jobs already
   * running finish whatever it answers.
   */
  lanes: number | (() => number);
  /** Most jobs taken by one claim statement (default: the free lanes). */
  batch?: number;
  /**
   * A job whose worker died is due again after this long. The worker renews the lease of a
   * running job every `renewEveryMs` (default a third of it), so a run may outlast it.
   */
  leaseMs: number;
  renewEveryMs?: number;
  /** Safety-net poll when no NOTIFY arrives. */
  pollMs: number;
  /** Failed attempts before the job is dead-lettered (default: retried forever). */
  maxAttempts?: number;
  backoff?: { baseMs: number; capMs: number };
  handler: (job: Job<P>) => Promise<JobOutcome | void>;
  gate?: ClaimGate;
  /** False pauses claiming (e.g. a circuit breaker is open); checked before every claim. */
  admits?: () => boolean;
}

/**
 * Runs the jobs of one queue with at most `lanes` at a time. One loop claims as many due jobs as
 * lanes are free in one statement (`FOR UPDATE SKIP LOCKED`, leased), starts them, and sleeps
 * until a job finishes, a NOTIFY says the queue got work, or the poll interval passes. A job that
 * throws is retried with jittered back-off; one that fails `maxAttempts` times is dead.
 */
export class JobWorker<P = unknown> {
  private readonly logger: Logger;
  readonly owner = `${randomUUID()}`;
  private readonly signal = new WakeSignal();
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private loop?: Promise<void>;
  private unsubscribe?: () => void;

  constructor(
    private readonly db: DataSource,
    private readonly options: JobWorkerOptions<P>,
  ) {
    this.logger = new Logger(`JobWorker:${options.queue}`);
  }

  start(listener?: JobsListener): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = listener?.subscribe(this.options.queue, () => {
      this.wake();
      return this.freeLanes() > 0;
    });
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wake();
    await this.loop;
    await Promise.all([...this.inFlight]);
  }

  /** New work may be due (local commits; NOTIFY does the same across replicas). */
  wake(): void {
    this.signal.wake();
  }

  /** A retry is due later: look again then instead of waiting for the next poll. */
  wakeAfter(ms: number): void {
    if (this.running) setTimeout(() => this.wake(), ms + 5).unref();
  }

  get busyLanes(): number {
    return this.inFlight.size;
  }

  private freeLanes(): number {
    const { lanes } = this.options;
    return (typeof lanes === 'function' ? lanes() : lanes) - this.inFlight.size;
  }

  private async run(): Promise<void> {
    const { pollMs } = this.options;
    while (this.running) {
      const free = this.freeLanes();
      if (free <= 0) {
        await this.signal.wait(pollMs);
        continue;
      }
      const { jobs, waitMs } = await this.claim(free).catch((err: Error) => {
        // A lost database must never end the loop: leases expire and jobs are claimed again.
        this.logger.warn(`claim failed: ${err.message}`);
        return { jobs: [] as Job<P>[], waitMs: pollMs };
      });
      for (const job of jobs) this.track(this.execute(job));
      if (jobs.length === 0 && this.running) await this.signal.wait(waitMs ?? pollMs);
    }
  }

  private async claim(free: number): Promise<{ jobs: Job<P>[]; waitMs?: number }> {
    const { queue, leaseMs, gate, admits } = this.options;
    if (admits && !admits()) return { jobs: [], waitMs: Math.min(this.options.pollMs, 200) };
    const wanted = Math.min(free, this.options.batch ?? free);
    if (!gate)
      return { jobs: await JobStore.claim<P>(this.db, queue, this.owner, wanted, leaseMs) };
    return this.db.transaction(async (m) => {
      const { admit, waitMs } = await gate(m, wanted);
      const jobs = await JobStore.claim<P>(m, queue, this.owner, Math.min(admit, wanted), leaseMs);
      return { jobs, waitMs };
    });
  }

  private track(run: Promise<void>): void {
    this.inFlight.add(run);
    void run.finally(() => {
      this.inFlight.delete(run);
      this.wake();
    });
  }

  private async execute(job: Job<P>): Promise<void> {
    const { leaseMs, renewEveryMs = Math.max(1, Math.floor(leaseMs / 3)) } = this.options;
    const lease = new LeaseKeeper(this.db, job, leaseMs, renewEveryMs);
    let outcome: JobOutcome;
    try {
      // A span continuing the trace that enqueued the job (a webhook's, an event's): one trace
      // from the request to the calls the job makes (ADR 0031).
      const run = () => this.options.handler({ ...job, signal: lease.signal });
      const span = {
        name: `${job.queue} run`,
        kind: 'consumer' as const,
        traceparent: job.traceparent,
        attributes: { 'retail.job.queue': job.queue, 'retail.job.attempt': job.attempts },
      };
      outcome = (await withRemoteParentSpan(span, run)) ?? { kind: 'done' };
    } catch (err) {
      this.logger.warn(`job ${job.key} attempt ${job.attempts} failed: ${(err as Error).message}`);
      outcome = { kind: 'retry', error: (err as Error).message };
    } finally {
      await lease.stop();
    }
    // Taken over by another worker: whatever this run came to is not applied. (A handler that
    // settled the job itself did so under `JobStore.holds`, and its own settle ends the lease.)
    if (lease.lost && outcome.kind !== 'settled') {
      this.logger.warn(
        `lease of ${job.key} lost to another worker: this run's outcome not applied`,
      );
      return;
    }
    await this.settleWhileLeased(job, outcome);
  }

  /**
   * Settles the job, retrying a failed settle (the database restarting, a connection reset) with
   * back-off for up to half the lease, which this worker still holds: its last renewal put the
   * expiry at least two thirds of a lease ahead. Otherwise a run that had finished would sit
   * `running` until its lease expired and then run again. Every settle statement is guarded by
   * the lease owner, so a retry after a settle that did commit (its answer lost) changes nothing.
   * A stopping worker tries once: the lease covers the rest.
   */
  private async settleWhileLeased(job: Job<P>, outcome: JobOutcome): Promise<void> {
    const giveUpAt = Date.now() + this.options.leaseMs / 2;
    for (let delay = 100; ; delay = Math.min(delay * 2, 5_000)) {
      try {
        return await this.settle(job, outcome);
      } catch (err) {
        const again = this.running && Date.now() + delay < giveUpAt;
        this.logger.warn(
          `could not settle ${job.key}${again ? `, trying again in ${delay} ms` : ' (its lease will expire)'}: ${(err as Error).message}`,
        );
        if (!again) return;
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  private async settle(job: Job<P>, outcome: JobOutcome): Promise<void> {
    const { maxAttempts, backoff = { baseMs: 500, capMs: 60_000 } } = this.options;
    switch (outcome.kind) {
      case 'settled':
        if (outcome.wakeInMs !== undefined) this.wakeAfter(outcome.wakeInMs);
        return;
      case 'done':
        return JobStore.complete(this.db, job);
      case 'dead':
        this.logger.error(`job ${job.key} dead-lettered: ${outcome.error}`);
        return JobStore.kill(this.db, job, outcome.error);
      case 'retry': {
        const counted = outcome.countAttempt !== false;
        if (counted && maxAttempts !== undefined && job.attempts >= maxAttempts)
          return this.settle(job, { kind: 'dead', error: outcome.error ?? 'too many attempts' });
        const delay =
          outcome.delayMs ?? backoffDelayMs(job.attempts - 1, backoff.baseMs, backoff.capMs);
        await JobStore.retry(this.db, job, delay, outcome.error, counted);
        return this.wakeAfter(delay);
      }
    }
  }
}
