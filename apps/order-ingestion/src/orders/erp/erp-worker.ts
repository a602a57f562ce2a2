import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { JobStore, JobWorker } from '@retail/platform-jobs';
import { DataSource } from 'typeorm';
import type { OrderIngestionConfig } from '../../config/env';
import { JobsRuntime } from '../jobs-runtime';
import { ErpBreaker } from './erp-breaker';
import { ERP_QUEUE, ErpJobPayload } from './erp-job';
import { ErpJobProcessor } from './erp-job.processor';
import { erpLimiter } from './erp-limiter';

/**
 * Works the ERP queue: ERP_MAX_CONCURRENCY local lanes, admitted by the cross-replica limiter
 * (erp-limiter.ts, until the ERP governor replaces it). While the breaker is open nothing is
 * claimed, so an outage does not burn attempts; when it closes, jobs backing off are made due
 * at once, so `awaiting_erp` orders flow on by themselves when the ERP recovers.
 */
@Injectable()
export class ErpWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ErpWorker.name);
  private readonly worker: JobWorker<ErpJobPayload>;

  constructor(
    @Inject(SERVICE_CONFIG) config: OrderIngestionConfig,
    private readonly db: DataSource,
    private readonly breaker: ErpBreaker,
    private readonly runtime: JobsRuntime,
    processor: ErpJobProcessor,
  ) {
    const env = config.env;
    this.worker = new JobWorker<ErpJobPayload>(db, {
      queue: ERP_QUEUE,
      lanes: env.ERP_MAX_CONCURRENCY,
      leaseMs: env.ERP_TIMEOUT_MS + 10_000,
      pollMs: 250,
      backoff: { baseMs: 500, capMs: env.ERP_MAX_BACKOFF_MS },
      gate: erpLimiter(env.ERP_MAX_CONCURRENCY, env.ERP_MAX_RPS),
      admits: () => breaker.admits,
      handler: (job) => processor.process(job),
    });
  }

  onApplicationBootstrap(): void {
    this.breaker.onClose(() => {
      JobStore.hurry(this.db, ERP_QUEUE).catch((err: Error) =>
        this.logger.warn({ err: err.message }, 'could not wake ERP jobs'),
      );
    });
    this.worker.start(this.runtime.listener);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.stop();
    this.breaker.shutdown();
  }
}
