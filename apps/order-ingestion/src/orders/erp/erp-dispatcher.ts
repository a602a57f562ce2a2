import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { randomUUID } from 'crypto';
import type { OrderIngestionConfig } from '../../config/env';
import { PipelineSignal } from '../pipeline/pipeline-signal';
import { ErpBreaker } from './erp-breaker';
import { ErpJobProcessor } from './erp-job.processor';
import { ErpQueueRepository } from './erp-queue.repository';

const IDLE_POLL_MS = 250;
const BREAKER_POLL_MS = 200;

/**
 * Works the ERP queue: ERP_MAX_CONCURRENCY lanes per replica, each claiming one job at a time
 * (the claim enforces the global concurrency and rate limits). While the breaker is open the
 * lanes claim nothing; when it closes, jobs backing off after the outage are made due at once,
 * so `awaiting_erp` orders flow on by themselves when the ERP recovers.
 */
@Injectable()
export class ErpDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ErpDispatcher.name);
  private readonly owner = `erp-${randomUUID()}`;
  private readonly idle = new PipelineSignal();
  private running = false;
  private lanes: Promise<void>[] = [];

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: OrderIngestionConfig,
    private readonly queue: ErpQueueRepository,
    private readonly processor: ErpJobProcessor,
    private readonly breaker: ErpBreaker,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.breaker.onClose(() => {
      this.queue.retryUnavailableNow().then(
        () => this.idle.wake(),
        (err: Error) => this.logger.warn({ err: err.message }, 'could not wake ERP jobs'),
      );
    });
    const lanes = this.config.env.ERP_MAX_CONCURRENCY;
    this.lanes = Array.from({ length: lanes }, () => this.lane());
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.idle.wake();
    await Promise.all(this.lanes);
    this.breaker.shutdown();
  }

  private async lane(): Promise<void> {
    while (this.running) {
      const delay = await this.step().catch((err: Error) => {
        this.logger.warn({ err: err.message }, 'ERP lane failed');
        return IDLE_POLL_MS;
      });
      if (delay > 0 && this.running) await this.idle.wait(delay);
    }
  }

  /** One claim-and-call; returns how long to wait before the next. */
  private async step(): Promise<number> {
    if (!this.breaker.admits) return BREAKER_POLL_MS;
    const claim = await this.queue.claim(this.owner);
    switch (claim.kind) {
      case 'claimed':
        await this.processor.process(claim.job);
        this.idle.wake();
        return 0;
      case 'idle':
        return IDLE_POLL_MS;
      case 'busy':
        return 20;
      case 'rate_limited':
        return claim.waitMs;
    }
  }
}
