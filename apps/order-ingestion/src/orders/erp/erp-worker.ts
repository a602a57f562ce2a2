import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { GOVERNED_BACKOFFICE, GovernedBackoffice } from '@retail/backoffice-adapters';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { JobStore, JobWorker, JobsRuntime } from '@retail/platform-jobs';
import { DataSource } from 'typeorm';
import { erpWorkerLanes, type OrderIngestionConfig } from '../../config/env';
import { ErpBreaker } from './erp-breaker';
import { ERP_QUEUE, ErpJobPayload } from './erp-job';
import { ErpJobProcessor } from './erp-job.processor';

/**
 * Works the ERP queue with ERP_WORKER_LANES local lanes (4 x ERP_MAX_CONCURRENCY by default). The ERP's own limits (calls in
 * flight and started per second, across every service and replica calling the account) are
 * the governor's, inside the ERP client: a lane waits there for a permit at order priority, so
 * the job's lease covers the longest wait plus the call. While the breaker is open nothing is
 * claimed, so an outage does not burn attempts; when it closes, jobs backing off are made due
 * at once, so `awaiting_erp` orders flow on by themselves when the ERP recovers.
 */
@Injectable()
export class ErpWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ErpWorker.name);
  private readonly worker: JobWorker<ErpJobPayload>;

  constructor(
    @Inject(SERVICE_CONFIG) config: OrderIngestionConfig,
    @Inject(GOVERNED_BACKOFFICE) backoffice: GovernedBackoffice,
    private readonly db: DataSource,
    private readonly breaker: ErpBreaker,
    private readonly runtime: JobsRuntime,
    processor: ErpJobProcessor,
  ) {
    const env = config.env;
    this.worker = new JobWorker<ErpJobPayload>(db, {
      queue: ERP_QUEUE,
      lanes: erpWorkerLanes(config),
      leaseMs: backoffice.governor.maxWaitMs + env.ERP_TIMEOUT_MS + 10_000,
      pollMs: 250,
      backoff: { baseMs: 500, capMs: env.ERP_MAX_BACKOFF_MS },
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
