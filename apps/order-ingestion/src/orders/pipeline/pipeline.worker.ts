import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { RequestContext } from '@retail/platform-observability';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import type { OrderIngestionConfig } from '../../config/env';
import { backoffDelayMs } from '@retail/platform-jobs';
import type { OrderState } from '../domain/order-state';
import { isActiveStep } from '../domain/pipeline-step';
import { OrderJournal } from '../persistence/order-journal';
import { OrdersRepository } from '../persistence/orders.repository';
import { PipelineRepository } from './pipeline.repository';
import { PipelineSignal } from './pipeline-signal';
import { STEP_HANDLERS, StepHandler, StepResult } from './step-handler';

const LEASE_MS = 60_000;

/**
 * Drives orders through the pipeline (validate, customer, skus, holds, routing, reserve, erp;
 * release after a cancel). State lives in PostgreSQL (`orders.step`, `next_attempt_at`, lease),
 * so any replica can resume any order after a crash: a lease that expires makes the order due
 * again and the step runs once more (every step is idempotent: reservations carry an
 * Idempotency-Key, instructions and ERP jobs are unique per order).
 */
@Injectable()
export class PipelineWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PipelineWorker.name);
  private readonly owner = `pipeline-${randomUUID()}`;
  private readonly handlers: Map<string, StepHandler>;
  private running = false;
  private lanes: Promise<void>[] = [];

  constructor(
    @Inject(STEP_HANDLERS) handlers: StepHandler[],
    @Inject(SERVICE_CONFIG) private readonly config: OrderIngestionConfig,
    private readonly db: DataSource,
    private readonly queue: PipelineRepository,
    private readonly orders: OrdersRepository,
    private readonly journal: OrderJournal,
    private readonly signal: PipelineSignal,
  ) {
    this.handlers = new Map(handlers.map((h) => [h.step, h]));
  }

  onApplicationBootstrap(): void {
    this.running = true;
    const lanes = this.config.env.PIPELINE_CONCURRENCY;
    this.lanes = Array.from({ length: lanes }, () => this.lane());
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.signal.wake();
    await Promise.all(this.lanes);
  }

  private async lane(): Promise<void> {
    while (this.running) {
      const id = await this.queue.claimDue(this.owner, LEASE_MS).catch((err: Error) => {
        this.logger.warn({ err: err.message }, 'pipeline poll failed');
        return undefined;
      });
      // A lost database (restart, failover) must never end the lane: the lease expires and
      // the order is claimed again once PostgreSQL answers.
      const processed = id
        ? await this.process(id).then(
            () => true,
            (err: Error) => {
              this.logger.warn({ orderId: id, err: err.message }, 'pipeline step failed');
              return false;
            },
          )
        : false;
      if (!processed && this.running) await this.signal.wait(this.config.env.PIPELINE_POLL_MS);
    }
  }

  /** Runs one step of one order; failures are retried with back-off, never lost. */
  async process(id: string): Promise<void> {
    const order = await this.orders.load(id);
    const handler = order && this.handlers.get(order.step);
    if (!order || !handler) return this.queue.park(id, this.owner);
    const context = { correlationId: order.correlationId, causationId: order.lastCause };
    try {
      const result = await RequestContext.run(context, () => handler.run(order));
      await RequestContext.run(context, () => this.commit(order, result));
      this.signal.wake();
    } catch (err) {
      const delay = backoffDelayMs(order.attempts, 500, 60_000);
      this.logger.warn({ orderId: id, step: order.step, err: (err as Error).message }, 'retrying');
      await this.queue.retryLater(id, this.owner, delay, (err as Error).message);
    }
  }

  private commit(order: OrderState, result: StepResult): Promise<void> {
    return this.db.transaction(async (m) => {
      if (!(await this.queue.holdsLease(m, order.id, this.owner))) return;
      const current = await this.orders.load(order.id, m);
      // A cancel that landed while the step ran wins: keep the step's writes (e.g. the
      // reservations it made) but go and release them instead of moving on.
      const cancelled = current!.status === 'cancelled' && order.status !== 'cancelled';
      const status = cancelled ? 'cancelled' : (result.status ?? current!.status);
      const next = cancelled && result.next !== 'done' ? 'release' : result.next;
      await result.persist?.(m);
      const wakeInMs = !isActiveStep(next) ? null : cancelled ? 0 : (result.wakeInMs ?? 0);
      await this.queue.moveTo(m, order.id, { step: next, status, reason: result.reason, wakeInMs });
      if (status === current!.status && !result.transformations?.length) return;
      await this.journal.record(m, {
        orderId: order.id,
        channel: order.channel,
        channelOrderId: order.channelOrderId,
        from: current!.status,
        to: status,
        step: order.step,
        cause: order.lastCause,
        reason: result.reason,
        transformations: result.transformations,
      });
    });
  }
}
