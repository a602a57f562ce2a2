import type { FulfillmentEventType, OrderStatus } from '@retail/contracts';
import type { StoredLine } from './order-state';

export interface EventLine {
  lineId: string;
  quantity: number;
}

/** Why a fulfilment event cannot be applied, or the shipped quantities after it. */
export type ShipmentOutcome =
  | { ok: true; shipped: Map<string, number> }
  | { ok: false; problems: Array<{ field: string; message: string }> };

/** Events that hand units over (and so move shipped quantities). */
export function handsOver(type: FulfillmentEventType): boolean {
  return type === 'shipped' || type === 'picked_up';
}

/**
 * Checks an event's lines against the order and, for hand-overs, adds them to the shipped
 * quantities. Shipping more than was ordered (over all events) is refused.
 */
export function applyEventLines(
  lines: StoredLine[],
  eventLines: EventLine[],
  type: FulfillmentEventType,
): ShipmentOutcome {
  const byId = new Map(lines.map((l) => [l.lineId, l]));
  const shipped = new Map(lines.map((l) => [l.lineId, l.shippedQuantity]));
  const problems: Array<{ field: string; message: string }> = [];
  eventLines.forEach((el, i) => {
    const line = byId.get(el.lineId);
    if (!line) return problems.push({ field: `lines.${i}.lineId`, message: 'not on this order' });
    if (!handsOver(type)) return;
    const total = (shipped.get(el.lineId) ?? 0) + el.quantity;
    if (total > line.quantity)
      problems.push({ field: `lines.${i}.quantity`, message: `exceeds the unshipped quantity` });
    shipped.set(el.lineId, total);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, shipped };
}

/** Order status implied by shipped quantities (undefined: nothing shipped yet). */
export function fulfilmentStatus(
  lines: StoredLine[],
  shipped: Map<string, number>,
): OrderStatus | undefined {
  const total = lines.reduce((sum, l) => sum + (shipped.get(l.lineId) ?? 0), 0);
  if (total === 0) return undefined;
  const complete = lines.every((l) => (shipped.get(l.lineId) ?? 0) >= l.quantity);
  return complete ? 'fulfilled' : 'partially_fulfilled';
}
