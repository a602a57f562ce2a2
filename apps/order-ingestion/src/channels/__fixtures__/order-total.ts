import { draftTotal } from '../canonical-parts';
import type { CanonicalOrderDraft } from '../channel-types';

/** What the buyer pays according to the mapped order: lines net of discount plus tax, plus shipping. */
export function mappedOrderTotal(order: CanonicalOrderDraft): number {
  return draftTotal(order.lines, order.shipping);
}
