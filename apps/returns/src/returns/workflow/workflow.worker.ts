import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import type { ReturnsConfig } from '../../config/env';
import { StepsRepository } from '../persistence/steps.repository';
import { WORKER_STEPS } from './step-names';
import { WorkflowRunner } from './workflow.runner';

/**
 * Drives the automatic steps: at boot (resuming whatever a crashed instance left pending or
 * running past its lease) and then on a timer. Steps are claimed with `FOR UPDATE SKIP LOCKED`,
 * so several replicas share the work without running a step twice at the same time.
 */
@Injectable()
export class WorkflowWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkflowWorker.name);
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly steps: StepsRepository,
    private readonly runner: WorkflowRunner,
    @Inject(SERVICE_CONFIG) private readonly config: ReturnsConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), this.config.env.RETURNS_WORKER_INTERVAL_MS);
    this.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.current;
  }

  /** Runs one pass unless one is already running. */
  kick(): void {
    if (this.current || this.stopped) return;
    this.current = this.tick()
      .catch((error: Error) => this.logger.error(`workflow pass failed: ${error.message}`))
      .finally(() => (this.current = undefined));
  }

  /** Claims due steps until none are left (or shutdown). */
  async tick(): Promise<void> {
    while (!this.stopped) {
      const due = await this.steps.claimDue(WORKER_STEPS, this.config.env.RETURNS_STEP_LEASE_MS);
      if (due.length === 0) return;
      await Promise.all(due.map((row) => this.runner.run(row)));
    }
  }
}
