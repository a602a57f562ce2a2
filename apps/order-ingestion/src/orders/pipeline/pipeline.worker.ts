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
import { ERP_QUEUE } from '../erp/erp-job';
import { PIPELINE_QUEUE } from '../persistence/order-intake';
import { OrdersRepository } from '../persistence/orders.repository';
import { CatalogPort } from '../ports/catalog.port';
import { OrderProcessor } from './order-processor';

const LEASE_MS = 60_000;
/** ERP jobs waiting per ERP permit above which the pipeline runs on a quarter of its lanes. */
export const ERP_BACKLOG_PER_PERMIT = 8;
/** How often the ERP queue's length is read (one count per replica). */
const ERP_BACKLOG_REFRESH_MS = 500;

/**
 * The order pipeline's worker: PIPELINE_CONCURRENCY orders at a time per replica, claimed from
 * the `orders` queue of the platform's jobs table, woken by NOTIFY when an order is accepted,
 * released or cancelled on any replica. A master-data change re-queues the orders parked on an
 * unknown SKU.
 *
 * The ERP is the product's limit: while more ERP jobs wait than ERP_BACKLOG_PER_PERMIT per ERP
 * permit, orders handed on now would only wait there, so the pipeline keeps a quarter of its lanes
 * and leaves the CPU and the connection pool to the ERP lanes. It never stops: accepted orders
 * are still validated and reserved during an ERP outage (stock must not stay unreserved).
 */
@Injectable()
export class PipelineWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PipelineWorker.name);
  private readonly worker: JobWorker;
  private erpBacklog = 0;
  private backlogTimer?: NodeJS.Timeout;

  constructor(
    @Inject(SERVICE_CONFIG) config: OrderIngestionConfig,
    private readonly db: DataSource,
    private readonly orders: OrdersRepository,
    private readonly catalog: CatalogPort,
    private readonly runtime: JobsRuntime,
    processor: OrderProcessor,
  ) {
    const lanes = config.env.PIPELINE_CONCURRENCY;
    const backlogLimit = config.env.ERP_MAX_CONCURRENCY * ERP_BACKLOG_PER_PERMIT;
    this.worker = new JobWorker(db, {
      queue: PIPELINE_QUEUE,
      lanes: () => (this.erpBacklog > backlogLimit ? Math.max(1, Math.ceil(lanes / 4)) : lanes),
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
    this.backlogTimer = setInterval(() => void this.readErpBacklog(), ERP_BACKLOG_REFRESH_MS);
    this.backlogTimer.unref();
    this.worker.start(this.runtime.listener);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.backlogTimer);
    await this.worker.stop();
  }

  private async readErpBacklog(): Promise<void> {
    try {
      this.erpBacklog = (await JobStore.depth(this.db, ERP_QUEUE)).pending ?? 0;
    } catch {
      this.erpBacklog = 0; // unknown: full lanes, as before
    }
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
