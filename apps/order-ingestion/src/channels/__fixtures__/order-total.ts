import type { CanonicalOrderDraft } from '../channel-types';

/** What the buyer pays according to the mapped order: lines net of discount plus tax, plus shipping. */
export function mappedOrderTotal(order: CanonicalOrderDraft): number {
  const lines = order.lines.reduce(
    (acc, l) => acc + l.unitPrice * l.quantity - l.discount + l.tax,
    0,
  );
  const s = order.shipping;
  return lines + (s ? s.amount - (s.discount ?? 0) + (s.tax ?? 0) : 0);
}
