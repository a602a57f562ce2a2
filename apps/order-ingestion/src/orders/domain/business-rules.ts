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

/** Why an order must wait for a person: payment not secured or fraud review. */
export function holdReason(order: CanonicalOrder, released: boolean): string | undefined {
  if (released) return undefined;
  if (order.fraud?.decision === 'review') return 'fraud review';
  if (order.payment.status === 'pending') return 'payment pending';
  if (order.payment.status === 'failed') return 'payment failed';
  return undefined;
}

/** A fraud `reject` cancels the order outright (contract: FraudAssessment). */
export function fraudRejected(order: CanonicalOrder): boolean {
  return order.fraud?.decision === 'reject';
}
