import { Inject, Injectable } from '@nestjs/common';
import type { CanonicalOrder, OrderStatus, PaymentStatus } from '@retail/contracts';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { JobStore } from '@retail/platform-jobs';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrderIngestionConfig } from '../../config/env';
import { CancelOrderHandler } from '../cancel/cancel-order.handler';
import { OrderException } from '../domain/order.exception';
import type { OrderState } from '../domain/order-state';
import { PIPELINE_QUEUE } from '../persistence/order-intake';
import { OrdersRepository } from '../persistence/orders.repository';
import { fraudEffect, FraudVerdict, OrderFacts, paymentEffect } from './payment-rule';
import { PaymentUpdatesStore } from './payment-updates.store';

/** The queue of failed payments' grace periods (one job per order, keyed by its id). */
export const PAYMENT_GRACE_QUEUE = 'payment-grace';

export interface PaymentStatusInput {
  status: PaymentStatus;
  occurredAt: Date;
  /** Whose clock `occurredAt` is: a channel (`shopify`), `payment-provider`, ... */
  source: string;
  reference?: string;
}

export interface PaymentStatusResult {
  orderId: string;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  /** What the rule did: release, hold, record, cancel, stale, unchanged, closed. */
  outcome: string;
  correlationId: string;
}

export interface FraudDecisionResult {
  orderId: string;
  status: OrderStatus;
  outcome: string;
  correlationId: string;
}

const STEP = 'payment-status';

const factsOf = (order: OrderState): OrderFacts => ({
  status: order.status,
  order: order.order,
  holdReleased: order.holdReleased,
  ingestHolds: order.ingestHolds,
  shipped: order.lines.some((l) => l.shippedQuantity > 0),
});

/**
 * Applies payment status updates and fraud decisions to an order by rule (payment-rule.ts),
 * through the orders' one writer, in one transaction per update with the order row locked:
 * releases or keeps the hold, starts or drops a failed payment's grace period (a job on
 * PAYMENT_GRACE_QUEUE), cancels on a fraud reject. Every update is kept with its outcome.
 */
@Injectable()
export class PaymentStatusHandler {
  private readonly graceMs: number;

  constructor(
    @Inject(SERVICE_CONFIG) config: OrderIngestionConfig,
    private readonly db: DataSource,
    private readonly orders: OrdersRepository,
    private readonly updates: PaymentUpdatesStore,
    private readonly cancellation: CancelOrderHandler,
  ) {
    this.graceMs = config.env.PAYMENT_FAILED_GRACE_MS;
  }

  async payment(
    orderId: string,
    input: PaymentStatusInput,
    correlationId: string,
  ): Promise<PaymentStatusResult> {
    return this.db.transaction(async (m) => {
      const order = await this.orders.lock(m, orderId);
      if (!order) throw OrderException.notFound(orderId);
      const newest = await this.updates.newestApplied(m, order.id, 'payment', input.source);
      const effect = paymentEffect(factsOf(order), input, newest);
      const outcome = effect.kind === 'ignore' ? effect.why : effect.kind;
      await this.updates.record(m, {
        orderId: order.id,
        kind: 'payment',
        source: input.source,
        status: input.status,
        occurredAt: input.occurredAt,
        outcome,
        reference: input.reference,
        cause: correlationId,
      });
      if (effect.kind === 'ignore')
        return this.result(order, order.status, order.order.payment.status, outcome, correlationId);
      const next = { ...order.order, payment: { ...order.order.payment, status: input.status } };
      const note = `payment ${input.status} (${input.source})`;
      const status = await this.move(m, order, next, effect, note, correlationId);
      if (effect.scheduleCancel) await this.scheduleCancel(m, order.id, correlationId);
      if (effect.clearCancel) await JobStore.cancelPending(m, PAYMENT_GRACE_QUEUE, order.id);
      return this.result(order, status, input.status, outcome, correlationId);
    });
  }

  async fraud(
    orderId: string,
    verdict: FraudVerdict,
    reason: string | undefined,
    correlationId: string,
  ): Promise<FraudDecisionResult> {
    return this.db.transaction(async (m) => {
      const order = await this.orders.lock(m, orderId);
      if (!order) throw OrderException.notFound(orderId);
      const effect = fraudEffect(factsOf(order), verdict);
      if (effect.kind === 'refuse')
        throw new OrderException('order-already-shipped', 'lines of this order were shipped');
      const outcome = effect.kind === 'ignore' ? effect.why : effect.kind;
      await this.updates.record(m, {
        orderId: order.id,
        kind: 'fraud',
        source: 'fraud-review',
        status: verdict,
        occurredAt: new Date(),
        outcome,
        cause: correlationId,
      });
      const decision = verdict === 'approve' ? 'accept' : 'reject';
      const next = { ...order.order, fraud: { ...order.order.fraud, decision } } as CanonicalOrder;
      const note = `fraud review: ${verdict}${reason ? ` (${reason})` : ''}`;
      let status = order.status;
      if (effect.kind === 'cancel') {
        await this.orders.apply(m, order, { status: order.status, order: next, entries: [] });
        await this.cancellation.cancelLocked(
          m,
          order,
          { reasonCode: 'fraud', reason: note },
          correlationId,
        );
        status = 'cancelled';
      } else if (effect.kind !== 'ignore') {
        status = await this.move(m, order, next, effect, note, correlationId);
      }
      return { orderId: order.id, status, outcome, correlationId };
    });
  }

  /** Writes the new payment or fraud fields and the hold decision; returns the new status. */
  private async move(
    m: EntityManager,
    order: OrderState,
    next: CanonicalOrder,
    effect: { kind: 'release' | 'hold' | 'record'; reason?: string },
    note: string,
    cause: string,
  ): Promise<OrderStatus> {
    const from = order.status;
    if (effect.kind === 'release') {
      await this.orders.apply(m, order, {
        status: 'received',
        reason: null,
        order: next,
        cause,
        entries: [{ from, to: 'received', step: STEP, reason: `${note}: hold released` }],
      });
      await JobStore.enqueue(m, PIPELINE_QUEUE, [{ key: order.id }]);
      return 'received';
    }
    const reason = effect.kind === 'hold' ? `${note}: held for ${effect.reason}` : note;
    await this.orders.apply(m, order, {
      status: from,
      ...(effect.kind === 'hold' ? { reason: effect.reason } : {}),
      order: next,
      cause,
      entries: [{ from, to: from, step: STEP, reason }],
    });
    // Still ahead of the holds step (maybe mid-run): the pipeline looks again with the update.
    if (from === 'received') await JobStore.enqueue(m, PIPELINE_QUEUE, [{ key: order.id }]);
    return from;
  }

  private result(
    order: OrderState,
    status: OrderStatus,
    paymentStatus: PaymentStatus,
    outcome: string,
    correlationId: string,
  ): PaymentStatusResult {
    return { orderId: order.id, status, paymentStatus, outcome, correlationId };
  }

  /**
   * The pipeline held `order` (its holds step): an order that arrived with a `failed` payment
   * starts its grace period there, as one whose payment failed later does here.
   */
  async held(m: EntityManager, order: OrderState): Promise<void> {
    if (order.order.payment.status !== 'failed' || factsOf(order).shipped) return;
    await this.scheduleCancel(m, order.id, order.correlationId);
  }

  private scheduleCancel(m: EntityManager, orderId: string, cause: string) {
    return JobStore.enqueue(m, PAYMENT_GRACE_QUEUE, [
      { key: orderId, delayMs: this.graceMs, payload: { cause } },
    ]);
  }

  /**
   * A failed payment's grace period is over (the job of PAYMENT_GRACE_QUEUE): cancels the order
   * if its payment is still `failed` and nothing shipped; a later update changed nothing
   * otherwise. Returns whether it cancelled.
   */
  async expire(m: EntityManager, orderId: string, cause: string): Promise<boolean> {
    const order = await this.orders.lock(m, orderId);
    if (!order || order.order.payment.status !== 'failed') return false;
    if (order.status === 'cancelled' || factsOf(order).shipped) return false;
    const minutes = Math.round(this.graceMs / 60_000);
    const reason = `payment failed and not updated within the grace period (${minutes} min)`;
    await this.cancellation.cancelLocked(m, order, { reasonCode: 'payment_failed', reason }, cause);
    return true;
  }
}
