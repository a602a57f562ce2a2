import { MAX_ERP_MINOR_AMOUNT } from '@retail/backoffice-adapters';
import type { CanonicalOrder } from '@retail/contracts';

/**
 * Problems the pipeline's validation step refuses (the order goes to `exception`): the order
 * is well-formed (the contract checked that at the door) but cannot be fulfilled as sent.
 */
export function fulfilmentProblems(order: CanonicalOrder): string[] {
  const problems: string[] = [];
  const shipsSomething = order.lines.some((l) => l.fulfillment.type !== 'pickup');
  if (shipsSomething && !order.shippingAddress)
    problems.push('shippingAddress is required when a line ships');
  let total = 0;
  for (const line of order.lines) {
    const price = line.unitPrice * line.quantity;
    if (line.discount > price)
      problems.push(`line ${line.lineId}: discount exceeds the line's price`);
    if (price > MAX_ERP_MINOR_AMOUNT || line.tax > MAX_ERP_MINOR_AMOUNT)
      problems.push(
        `line ${line.lineId}: amount over what an ERP line carries (${MAX_ERP_MINOR_AMOUNT} minor units)`,
      );
    total += price - line.discount + line.tax;
  }
  if (total > MAX_ERP_MINOR_AMOUNT)
    problems.push(`order total over what the ERP carries (${MAX_ERP_MINOR_AMOUNT} minor units)`);
  return problems;
}

/**
 * How far `payment.amount` may be from the order total, in minor units per line: a channel
 * prorates tax and discounts per line and may round each one half a unit either way.
 */
export const PAYMENT_TOLERANCE_PER_LINE = 1;

/** Lines (price - discount + tax) plus shipping (amount - discount + tax), minor units. */
export function orderTotal(order: CanonicalOrder): number {
  const lines = order.lines.reduce((t, l) => t + l.unitPrice * l.quantity - l.discount + l.tax, 0);
  const s = order.shipping;
  return lines + (s ? s.amount - (s.discount ?? 0) + (s.tax ?? 0) : 0);
}

/**
 * Money invariants of a canonical order as a client sends it: the tenders (`payments[]`) add up
 * to `payment.amount` exactly, and `payment.amount` is the order total within
 * {@link PAYMENT_TOLERANCE_PER_LINE} per line.
 */
export function paymentProblems(order: CanonicalOrder): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  const tenders = order.payments?.reduce((t, p) => t + p.amount, 0);
  if (tenders !== undefined && tenders !== order.payment.amount)
    problems.push({
      field: 'payments',
      message: `the tenders add up to ${tenders}, payment.amount is ${order.payment.amount}`,
    });
  const total = orderTotal(order);
  const tolerance = PAYMENT_TOLERANCE_PER_LINE * order.lines.length;
  if (Math.abs(order.payment.amount - total) > tolerance)
    problems.push({
      field: 'payment.amount',
      message: `${order.payment.amount} differs from the order total ${total} by more than ${tolerance}`,
    });
  return problems;
}

/** Line ids must be unique within an order: they key reservations and fulfilment events. */
export function duplicateLineIds(order: CanonicalOrder): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const line of order.lines) {
    if (seen.has(line.lineId)) duplicates.add(line.lineId);
    seen.add(line.lineId);
  }
  return [...duplicates];
}

/**
 * Why an order must wait: payment not secured or fraud review. An administrator's release
 * (`released`) lifts a pending payment or a review, never a `failed` payment: that one proceeds
 * only after a payment status update to `authorized` or `captured` (ADR 0037).
 */
export function holdReason(order: CanonicalOrder, released: boolean): string | undefined {
  if (order.payment.status === 'failed') return 'payment failed';
  if (released) return undefined;
  if (order.fraud?.decision === 'review') return 'fraud review';
  if (order.payment.status === 'pending') return 'payment pending';
  return undefined;
}

/** What an order still waits for: its payment or fraud hold, else its intake holds. */
export function pendingHold(
  order: CanonicalOrder,
  released: boolean,
  intakeHolds: ReadonlyArray<{ reason: string }>,
): string | undefined {
  const intake = released ? [] : intakeHolds;
  return holdReason(order, released) ?? (intake.map((h) => h.reason).join(', ') || undefined);
}

/** A fraud `reject` cancels the order outright (contract: FraudAssessment). */
export function fraudRejected(order: CanonicalOrder): boolean {
  return order.fraud?.decision === 'reject';
}
