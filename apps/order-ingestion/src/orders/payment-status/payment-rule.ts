import type { CanonicalOrder, OrderStatus, PaymentStatus } from '@retail/contracts';
import { pendingHold } from '../domain/business-rules';

/** What the rules need to know of an order (a projection of OrderState). */
export interface OrderFacts {
  status: OrderStatus;
  order: CanonicalOrder;
  holdReleased: boolean;
  ingestHolds: ReadonlyArray<{ reason: string }>;
  /** Any unit already shipped: the order can no longer be cancelled. */
  shipped: boolean;
}

/** A payment status as a channel or the payment provider reported it. */
export interface PaymentUpdate {
  status: PaymentStatus;
  /** When the source says the payment changed (Shopify's `updated_at`, the provider's event). */
  occurredAt: Date;
}

/**
 * What an update does to the order. `release`: on_hold -> received, the pipeline carries on;
 * `hold`: stays on_hold with a new reason; `record`: the order's payment changes, its status
 * does not (not on hold, or still waiting for the pipeline's holds step); `ignore`: nothing
 * changes (`stale`: older than what this source already told us; `unchanged`: the same status;
 * `closed`: cancelled or fulfilled). `scheduleCancel` starts the grace period of a failed
 * payment; `clearCancel` drops a scheduled one.
 */
export type PaymentEffect =
  | { kind: 'ignore'; why: 'stale' | 'unchanged' | 'closed' }
  | {
      kind: 'release' | 'hold' | 'record';
      reason?: string;
      scheduleCancel: boolean;
      clearCancel: boolean;
    };

const CLOSED: OrderStatus[] = ['cancelled', 'fulfilled'];
const SECURED: PaymentStatus[] = ['authorized', 'captured'];

/**
 * The payment rule (ADR 0037). Per source, an update older than the newest one applied is
 * stale and ignored (equal times are applied: the same status is then a no-op). A secured
 * payment (`authorized`, `captured`) releases a payment hold when nothing else holds the order
 * (fraud review, intake holds) and drops a scheduled cancellation; `pending` keeps or sets the
 * hold reason; `failed` keeps the order held (a person cannot release it) and schedules its
 * cancellation after the grace period, unless something was shipped. Past the holds step a
 * status is recorded, never re-held (the lifecycle has no way back to on_hold).
 */
export function paymentEffect(
  facts: OrderFacts,
  update: PaymentUpdate,
  newestApplied?: Date,
): PaymentEffect {
  if (newestApplied && update.occurredAt.getTime() < newestApplied.getTime())
    return { kind: 'ignore', why: 'stale' };
  if (CLOSED.includes(facts.status)) return { kind: 'ignore', why: 'closed' };
  if (facts.order.payment.status === update.status) return { kind: 'ignore', why: 'unchanged' };
  const failed = update.status === 'failed';
  const scheduleCancel = failed && !facts.shipped;
  const clearCancel = !failed;
  if (facts.status !== 'on_hold') return { kind: 'record', scheduleCancel, clearCancel };
  const next = { ...facts.order, payment: { ...facts.order.payment, status: update.status } };
  const reason = pendingHold(next, facts.holdReleased, facts.ingestHolds);
  if (!reason && SECURED.includes(update.status))
    return { kind: 'release', scheduleCancel, clearCancel };
  return { kind: 'hold', reason: reason ?? 'on hold', scheduleCancel, clearCancel };
}

/** A fraud review's verdict. */
export type FraudVerdict = 'approve' | 'reject';

/**
 * What a fraud review's verdict does. `approve` records the fraud decision `accept` and
 * releases the hold when nothing else holds the order (a pending or failed payment still
 * does); `reject` cancels the order (refused once something shipped). The same verdict again
 * changes nothing; a verdict on a cancelled order changes nothing either.
 */
export type FraudEffect =
  | { kind: 'ignore'; why: 'unchanged' | 'closed' }
  | { kind: 'refuse'; why: 'shipped' }
  | { kind: 'cancel' }
  | { kind: 'release' | 'hold' | 'record'; reason?: string };

export function fraudEffect(facts: OrderFacts, verdict: FraudVerdict): FraudEffect {
  if (CLOSED.includes(facts.status)) return { kind: 'ignore', why: 'closed' };
  const current = facts.order.fraud?.decision;
  if (verdict === 'reject') {
    if (facts.shipped) return { kind: 'refuse', why: 'shipped' };
    return { kind: 'cancel' };
  }
  if (current === 'accept') return { kind: 'ignore', why: 'unchanged' };
  if (facts.status !== 'on_hold') return { kind: 'record' };
  const next = { ...facts.order, fraud: { ...facts.order.fraud, decision: 'accept' as const } };
  const reason = pendingHold(next, facts.holdReleased, facts.ingestHolds);
  return reason ? { kind: 'hold', reason } : { kind: 'release' };
}
