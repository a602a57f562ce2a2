import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { Job, JobOutcome, JobsRuntime, JobWorker } from '@retail/platform-jobs';
import { DataSource } from 'typeorm';
import type { ReturnsConfig } from '../../config/env';
import {
  parseStepJobKey,
  RETURN_STEPS_QUEUE,
  StepsRepository,
} from '../persistence/steps.repository';
import { WorkflowRunner } from './workflow.runner';

/** Steps of different returns run at once in one replica. */
const LANES = 10;

/**
 * Drives the automatic steps on the platform's durable-work primitive: a step made due enqueues
 * a job (queue `return-steps`) in the same transaction; the job worker claims it with a lease
 * (`FOR UPDATE SKIP LOCKED`, so replicas share the work without running a step twice at once),
 * is woken by NOTIFY on commit on every replica, and takes over a job whose worker crashed once
 * its lease (`RETURNS_STEP_LEASE_MS`) has passed. Back-off and the attempt budget are the
 * runner's (the step's outcome decides them).
 */
@Injectable()
export class WorkflowWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly worker: JobWorker;

  constructor(
    db: DataSource,
    private readonly runtime: JobsRuntime,
    private readonly steps: StepsRepository,
    private readonly runner: WorkflowRunner,
    @Inject(SERVICE_CONFIG) config: ReturnsConfig,
  ) {
    this.worker = new JobWorker(db, {
      queue: RETURN_STEPS_QUEUE,
      lanes: LANES,
      leaseMs: config.env.RETURNS_STEP_LEASE_MS,
      pollMs: config.env.RETURNS_WORKER_INTERVAL_MS,
      handler: (job) => this.process(job),
    });
  }

  onApplicationBootstrap(): void {
    this.worker.start(this.runtime.listener);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }

  /** New work committed by this process (NOTIFY wakes the other replicas). */
  kick(): void {
    this.worker.wake();
  }

  private async process(job: Job): Promise<JobOutcome> {
    const { returnId, step } = parseStepJobKey(job.key);
    const row = await this.steps.start(returnId, step, job.attempts);
    if (!row) return { kind: 'done' };
    const retry = await this.runner.run(row);
    return retry
      ? { kind: 'retry', delayMs: retry.retryInMs, error: retry.error }
      : { kind: 'done' };
  }
}
