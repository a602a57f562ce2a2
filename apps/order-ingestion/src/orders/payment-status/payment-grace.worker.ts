import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { Job, JobOutcome, JobStore, JobWorker, JobsRuntime } from '@retail/platform-jobs';
import { RequestContext } from '@retail/platform-observability';
import { DataSource } from 'typeorm';
import type { OrderIngestionConfig } from '../../config/env';
import { OrdersRepository } from '../persistence/orders.repository';
import { PAYMENT_GRACE_QUEUE, PaymentStatusHandler } from './payment-status.handler';

interface GracePayload {
  cause?: string;
}

/**
 * Works the failed payments' grace periods: a job due after PAYMENT_FAILED_GRACE_MS cancels
 * its order unless a later update secured the payment (the job is dropped then, or finds the
 * payment no longer failed). The job settles in the cancellation's transaction.
 */
@Injectable()
export class PaymentGraceWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly worker: JobWorker<GracePayload>;

  constructor(
    @Inject(SERVICE_CONFIG) config: OrderIngestionConfig,
    private readonly db: DataSource,
    private readonly runtime: JobsRuntime,
    private readonly payments: PaymentStatusHandler,
    private readonly orders: OrdersRepository,
  ) {
    this.worker = new JobWorker<GracePayload>(db, {
      queue: PAYMENT_GRACE_QUEUE,
      lanes: 2,
      leaseMs: 30_000,
      pollMs: config.env.PIPELINE_POLL_MS,
      backoff: { baseMs: 1000, capMs: 60_000 },
      handler: (job) => this.expire(job),
    });
  }

  private expire(job: Job<GracePayload>): Promise<JobOutcome> {
    const cause = job.payload?.cause ?? `payment-grace:${job.key}`;
    return RequestContext.run({ correlationId: cause }, () =>
      this.db.transaction(async (m) => {
        // The order's row before the job's, as every order transaction locks them (lockHeld).
        await this.orders.lock(m, job.key);
        if (!(await JobStore.holds(m, job))) return { kind: 'settled' } as const;
        await this.payments.expire(m, job.key, cause);
        await JobStore.complete(m, job);
        return { kind: 'settled' } as const;
      }),
    );
  }

  onApplicationBootstrap(): void {
    this.worker.start(this.runtime.listener);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }
}
