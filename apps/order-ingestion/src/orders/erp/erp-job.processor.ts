import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { backoffDelayMs, Job, JobOutcome, JobStore } from '@retail/platform-jobs';
import { RequestContext } from '@retail/platform-observability';
import { DataSource } from 'typeorm';
import type { OrderIngestionConfig } from '../../config/env';
import type { OrderChange } from '../domain/order-change';
import type { OrderState } from '../domain/order-state';
import { orderErpLatency } from '../metrics';
import { OrdersRepository } from '../persistence/orders.repository';
import { ErpCall } from './erp-call';
import type { ErpAttemptOutcome, ErpJobPayload } from './erp-job';
import { ErpPostings, isPosting } from './erp-posting';
import { ErpQueue } from './erp-queue';

/**
 * Runs one leased ERP job and records what came of it; the order's change and the job's
 * completion commit together. Throttling, outages and an open breaker reschedule the job (never
 * dead: an order waits out a 20-minute ERP outage); a rejection puts the order in `exception`.
 */
@Injectable()
export class ErpJobProcessor {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: OrderIngestionConfig,
    private readonly db: DataSource,
    private readonly orders: OrdersRepository,
    private readonly queue: ErpQueue,
    private readonly call: ErpCall,
    private readonly postings: ErpPostings,
  ) {}

  async process(job: Job<ErpJobPayload>): Promise<JobOutcome> {
    const { orderId, operation } = job.payload;
    if (isPosting(operation)) return this.postings.process(job);
    const order = await this.orders.load(orderId);
    if (!order) return { kind: 'dead', error: `no order ${orderId}` };
    // A cancel never overtakes the create of the same order.
    if (operation === 'cancel' && (await this.queue.createOpen(this.db, orderId)))
      return { kind: 'retry', delayMs: 200, countAttempt: false };
    const context = { correlationId: order.correlationId, causationId: `erp-${job.key}` };
    return RequestContext.run(context, async () => {
      const outcome = await this.call.execute(operation, order);
      return this.record(job, order, outcome);
    });
  }

  private async record(
    job: Job<ErpJobPayload>,
    order: OrderState,
    outcome: ErpAttemptOutcome,
  ): Promise<JobOutcome> {
    const env = this.config.env;
    const backoff = () => backoffDelayMs(job.attempts - 1, 500, env.ERP_MAX_BACKOFF_MS);
    switch (outcome.kind) {
      case 'done': {
        const applied = await this.settle(job, order, (current) =>
          this.confirmation(job, current, outcome),
        );
        if (applied?.status === 'erp_confirmed' && applied.entries[0]?.from === 'awaiting_erp')
          orderErpLatency().observe((Date.now() - order.createdAt.getTime()) / 1000);
        return { kind: 'settled' };
      }
      case 'throttled':
        return {
          kind: 'retry',
          delayMs: Math.max(outcome.retryAfterMs, backoff()),
          error: outcome.error,
        };
      case 'unavailable':
        return { kind: 'retry', delayMs: backoff(), error: outcome.error };
      case 'breaker_open':
        return { kind: 'retry', delayMs: env.ERP_BREAKER_RESET_MS, countAttempt: false };
      case 'rejected':
        await this.settle(job, order, (current) => this.rejection(job, current, outcome.error));
        return { kind: 'settled' };
    }
  }

  /**
   * The order as loaded before the call is, almost always, the order now: then the change and
   * the job's completion are one statement (`applyIfUnchanged`). Otherwise (a cancel, a
   * shipment or an operator landed meanwhile, or the lease moved) the locking transaction reads
   * the order afresh and decides from that.
   */
  private async settle(
    job: Job<ErpJobPayload>,
    order: OrderState,
    change: (current: OrderState) => OrderChange,
  ): Promise<OrderChange | undefined> {
    const expected = change(order);
    if (await this.orders.applyIfUnchanged(order, expected, job)) return expected;
    return this.db.transaction(async (m) => {
      const current = await this.orders.lockHeld(m, order.id, job);
      if (!current) return undefined;
      const applied = change(current);
      await this.orders.apply(m, current, applied);
      await JobStore.complete(m, job);
      return applied;
    });
  }

  private confirmation(
    job: Job<ErpJobPayload>,
    current: OrderState,
    outcome: { salesOrderId?: string; created?: boolean },
  ) {
    const create = job.payload.operation === 'create';
    const confirmed = create && current.status === 'awaiting_erp';
    const status = confirmed ? 'erp_confirmed' : current.status;
    const erp = { operation: job.payload.operation, ...outcome };
    return {
      status,
      ...(current.step === 'erp_wait' ? { step: 'done' as const } : {}),
      erpState: create ? 'confirmed' : 'cancelled',
      erpSalesOrderId: outcome.salesOrderId,
      cause: `erp-${job.key}`,
      entries: [
        {
          from: current.status,
          to: status,
          step: `erp-${job.payload.operation}`,
          transformations: [{ erp }],
        },
      ],
    };
  }

  private rejection(job: Job<ErpJobPayload>, current: OrderState, error: string) {
    const create = job.payload.operation === 'create';
    const status = create && current.status === 'awaiting_erp' ? 'exception' : current.status;
    const reason = `ERP rejected ${job.payload.operation}: ${error}`.slice(0, 1000);
    return {
      status,
      reason,
      erpState: 'rejected',
      cause: `erp-${job.key}`,
      entries: [{ from: current.status, to: status, step: `erp-${job.payload.operation}`, reason }],
    };
  }
}
