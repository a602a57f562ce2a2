import { Inject, Injectable } from '@nestjs/common';
import type { CanonicalOrder } from '@retail/contracts';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { backoffDelayMs, Job, JobOutcome, JobStore } from '@retail/platform-jobs';
import { RequestContext } from '@retail/platform-observability';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrderIngestionConfig } from '../../config/env';
import { CancelOrderHandler } from '../cancel/cancel-order.handler';
import type { OrderState } from '../domain/order-state';
import { PaymentStatusHandler } from '../payment-status/payment-status.handler';
import { ErpQueue } from '../erp/erp-queue';
import { OrdersRepository } from '../persistence/orders.repository';
import { LocalSteps } from './local-steps';
import { OrderPlan, Stop } from './order-plan';
import { RemoteSteps } from './remote-steps';

const FORWARD = new Set(['validate', 'customer', 'skus', 'holds', 'routing', 'reserve']);

/**
 * Runs one order as far as it can go in one lease (depth-first): validate, customer, skus,
 * holds, routing, reserve, then the hand-off to the ERP queue, committed together with the
 * job's settlement: one commit per run. A stop (hold, unknown SKU, a dependency down) commits
 * what the run learnt so far and parks or reschedules the order. A lease that expires mid-run
 * resumes the order elsewhere from its committed step; every step is idempotent (reservations
 * keyed, instructions unique, the ERP job keyed by order and operation).
 */
@Injectable()
export class OrderProcessor {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: OrderIngestionConfig,
    private readonly db: DataSource,
    private readonly orders: OrdersRepository,
    private readonly local: LocalSteps,
    private readonly remote: RemoteSteps,
    private readonly erp: ErpQueue,
    private readonly cancellation: CancelOrderHandler,
    private readonly payments: PaymentStatusHandler,
  ) {}

  async process(job: Job): Promise<JobOutcome> {
    const order = await this.orders.load(job.key);
    if (!order) return { kind: 'done' };
    const context = { correlationId: order.correlationId, causationId: order.lastCause };
    return RequestContext.run(context, async () => {
      const plan = new OrderPlan(order);
      const stop = await this.advance(plan);
      const wakeInMs = await this.commit(job, plan, stop);
      return { kind: 'settled', wakeInMs };
    });
  }

  private async advance(plan: OrderPlan): Promise<Stop | undefined> {
    if (plan.step === 'release') return this.remote.release(plan);
    if (!FORWARD.has(plan.step)) return undefined;
    const stop = await this.local.run(plan);
    if (stop || plan.step !== 'reserve') return stop;
    return this.remote.reserve(plan);
  }

  /**
   * Returns when the job is due again, if it was rescheduled. A run that completes its job (the
   * order moved on, or parked) and finds the order as it loaded it commits in one statement
   * (`applyIfUnchanged`: order, lines, instructions, timeline, events, ERP job, job completed);
   * a cancel that landed meanwhile, a lost lease or a rescheduling stop take the locking path,
   * and so do runs ending `cancelled` or `on_hold` (the cancellation and payment modules write
   * their part in the same transaction). The statement keeps the stored payment and fraud
   * fields, as `withPaymentOf` does: a payment update may land while the run goes on.
   */
  private async commit(
    job: Job,
    plan: OrderPlan,
    stop: Stop | undefined,
  ): Promise<number | undefined> {
    const hooked = plan.status === 'cancelled' || plan.status === 'on_hold';
    if ((!stop || stop.kind === 'park') && !hooked) {
      const handoff = plan.handoffToErp ? this.erp.handoff(plan.order.id, 'create') : undefined;
      if (await this.orders.applyIfUnchanged(plan.order, plan.change, job, handoff))
        return undefined;
    }
    return this.db.transaction(async (m) => {
      const current = await this.orders.lockHeld(m, plan.order.id, job);
      if (!current) return undefined; // lease expired: another run owns it
      if (current.status === 'cancelled' && plan.order.status !== 'cancelled') {
        await this.cancelledMeanwhile(m, job, current, plan);
        return undefined;
      }
      // Payment and fraud are the payment-status module's: a run never writes back its stale copy.
      if (plan.change.order) plan.change.order = withPaymentOf(current, plan.change.order);
      await this.orders.apply(m, current, plan.change);
      // The pipeline cancels only at the holds step, for a fraud reject the order arrived with.
      if (plan.status === 'cancelled' && current.status !== 'cancelled')
        await this.cancellation.announce(m, current, {
          reasonCode: 'fraud',
          reason: plan.change.reason ?? 'fraud rejected',
        });
      if (plan.status === 'on_hold') await this.payments.held(m, current); // failed: grace period
      if (plan.handoffToErp) await this.erp.enqueue(m, current.id, 'create');
      return this.settle(m, job, stop);
    });
  }

  /**
   * A cancel landed while the run went on: keep what it learnt (the reservations it made, to be
   * released) but not its status moves; the cancel re-enqueued the job, so it runs `release`.
   */
  private async cancelledMeanwhile(m: EntityManager, job: Job, order: OrderState, plan: OrderPlan) {
    const { reservations, lineSkus, instructions } = plan.change;
    const change = { status: order.status, reservations, lineSkus, instructions, entries: [] };
    await this.orders.apply(m, order, change);
    await JobStore.complete(m, job);
  }

  private async settle(m: EntityManager, job: Job, stop: Stop | undefined) {
    if (!stop || stop.kind === 'park') return void (await JobStore.complete(m, job));
    const delay =
      stop.kind === 'recheck'
        ? stop.delayMs
        : backoffDelayMs(job.attempts - 1, this.config.env.PIPELINE_RETRY_BASE_MS, 60_000);
    await JobStore.retry(
      m,
      job,
      delay,
      stop.kind === 'wait' ? stop.reason : undefined,
      stop.kind === 'wait',
    );
    return delay;
  }
}

/** `order` with the payment and fraud fields of the locked `current` order. */
function withPaymentOf(current: OrderState, order: CanonicalOrder): CanonicalOrder {
  const { payment, payments, fraud } = current.order;
  const merged: CanonicalOrder = { ...order, payment };
  if (payments) merged.payments = payments;
  if (fraud) merged.fraud = fraud;
  return merged;
}
