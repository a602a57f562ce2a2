import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { RequestContext } from '@retail/platform-observability';
import { DataSource } from 'typeorm';
import type { OrderIngestionConfig } from '../../config/env';
import { backoffDelayMs } from '@retail/platform-jobs';
import type { OrderState } from '../domain/order-state';
import { OrderJournal } from '../persistence/order-journal';
import { OrdersRepository } from '../persistence/orders.repository';
import { orderErpLatency } from '../metrics';
import { ErpCall } from './erp-call';
import type { ErpAttemptOutcome, ErpJob } from './erp-job';
import { ErpQueueRepository } from './erp-queue.repository';

/** Runs one leased ERP job and records what came of it. */
@Injectable()
export class ErpJobProcessor {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: OrderIngestionConfig,
    private readonly db: DataSource,
    private readonly queue: ErpQueueRepository,
    private readonly orders: OrdersRepository,
    private readonly journal: OrderJournal,
    private readonly call: ErpCall,
  ) {}

  async process(job: ErpJob): Promise<void> {
    const order = await this.orders.load(job.orderId);
    if (!order) return this.db.transaction((m) => this.queue.finish(m, job, 'failed', 'no order'));
    const context = { correlationId: order.correlationId, causationId: `erp-job-${job.id}` };
    await RequestContext.run(context, async () => {
      const outcome = await this.call.execute(job.operation, order);
      await this.record(job, order, outcome);
    });
  }

  private async record(job: ErpJob, order: OrderState, outcome: ErpAttemptOutcome) {
    const env = this.config.env;
    const backoff = () => backoffDelayMs(job.attempts, 500, env.ERP_MAX_BACKOFF_MS);
    switch (outcome.kind) {
      case 'done':
        return this.succeeded(job, order, outcome.salesOrderId, outcome.created);
      case 'throttled':
        return this.queue.reschedule(
          job,
          Math.max(outcome.retryAfterMs, backoff()),
          'throttled',
          outcome.error,
        );
      case 'unavailable':
        return this.queue.reschedule(job, backoff(), 'unavailable', outcome.error);
      case 'breaker_open':
        return this.queue.reschedule(
          job,
          env.ERP_BREAKER_RESET_MS,
          'breaker_open',
          undefined,
          false,
        );
      case 'rejected':
        return this.rejected(job, order, outcome.error);
    }
  }

  private succeeded(job: ErpJob, order: OrderState, salesOrderId?: string, created?: boolean) {
    return this.db.transaction(async (m) => {
      await this.queue.finish(m, job, 'done');
      const current = (await this.orders.lock(m, order.id))!;
      const confirming = job.operation === 'create';
      const status =
        confirming && current.status === 'awaiting_erp' ? 'erp_confirmed' : current.status;
      await m.query(
        `UPDATE orders SET erp_state = $2, erp_sales_order_id = COALESCE($3, erp_sales_order_id),
                status = $4, step = CASE WHEN step = 'erp_wait' THEN 'done' ELSE step END,
                updated_at = now() WHERE id = $1`,
        [order.id, confirming ? 'confirmed' : 'cancelled', salesOrderId ?? null, status],
      );
      await this.journal.record(m, {
        ...this.entryBase(current),
        to: status,
        step: `erp-${job.operation}`,
        cause: `erp-job-${job.id}`,
        transformations: [{ erp: { operation: job.operation, salesOrderId, created } }],
      });
      if (status === 'erp_confirmed')
        orderErpLatency().observe((Date.now() - order.createdAt.getTime()) / 1000);
    });
  }

  private rejected(job: ErpJob, order: OrderState, error: string) {
    return this.db.transaction(async (m) => {
      await this.queue.finish(m, job, 'failed', error);
      const current = (await this.orders.lock(m, order.id))!;
      const status = job.operation === 'create' ? 'exception' : current.status;
      await m.query(
        `UPDATE orders SET erp_state = 'rejected', status = $2, status_reason = $3,
                updated_at = now() WHERE id = $1`,
        [order.id, status, `ERP rejected ${job.operation}: ${error}`.slice(0, 1000)],
      );
      await this.journal.record(m, {
        ...this.entryBase(current),
        to: status,
        step: `erp-${job.operation}`,
        cause: `erp-job-${job.id}`,
        reason: `ERP rejected ${job.operation}: ${error}`,
      });
    });
  }

  private entryBase(order: OrderState) {
    return {
      orderId: order.id,
      channel: order.channel,
      channelOrderId: order.channelOrderId,
      from: order.status,
    };
  }
}
