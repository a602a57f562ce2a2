import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { JobStore, JobWorker, JobsRuntime } from '@retail/platform-jobs';
import { DataSource } from 'typeorm';
import type { OrderIngestionConfig } from '../../config/env';
import { PIPELINE_QUEUE } from '../persistence/order-intake';
import { OrdersRepository } from '../persistence/orders.repository';
import { CatalogPort } from '../ports/catalog.port';
import { OrderProcessor } from './order-processor';

const LEASE_MS = 60_000;

/**
 * The order pipeline's worker: PIPELINE_CONCURRENCY orders at a time per replica, claimed from
 * the `orders` queue of the platform's jobs table, woken by NOTIFY when an order is accepted,
 * released or cancelled on any replica. A master-data change re-queues the orders parked on an
 * unknown SKU.
 */
@Injectable()
export class PipelineWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PipelineWorker.name);
  private readonly worker: JobWorker;

  constructor(
    @Inject(SERVICE_CONFIG) config: OrderIngestionConfig,
    private readonly db: DataSource,
    private readonly orders: OrdersRepository,
    private readonly catalog: CatalogPort,
    private readonly runtime: JobsRuntime,
    processor: OrderProcessor,
  ) {
    this.worker = new JobWorker(db, {
      queue: PIPELINE_QUEUE,
      lanes: config.env.PIPELINE_CONCURRENCY,
      leaseMs: LEASE_MS,
      pollMs: config.env.PIPELINE_POLL_MS,
      backoff: { baseMs: config.env.PIPELINE_RETRY_BASE_MS, capMs: 60_000 },
      handler: (job) => processor.process(job),
    });
  }

  onApplicationBootstrap(): void {
    this.catalog.onChange((change) => {
      if (change.entity !== 'location') void this.recheckSkuExceptions();
    });
    this.worker.start(this.runtime.listener);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }

  /** New work made due by this process (NOTIFY wakes the other replicas). */
  wake(): void {
    this.worker.wake();
  }

  private async recheckSkuExceptions(): Promise<void> {
    try {
      const ids = await this.orders.skuExceptions();
      await JobStore.enqueue(
        this.db,
        PIPELINE_QUEUE,
        ids.map((key) => ({ key })),
      );
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not re-queue SKU exceptions');
    }
  }
}
