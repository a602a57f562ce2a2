import type { CloudEvent } from '@retail/contracts';
import { NonRetryableError } from '@retail/platform-messaging';

/** The parts of `retail.orders.v1.order.shipped` that inventory acts on. */
export interface Shipment {
  orderId: string;
  /** The fulfilment event (or, failing that, the CloudEvent id): keys the shipment movements. */
  fulfillmentRef: string;
  locationId: string;
  occurredAt: string;
  lines: Array<{ lineId: string; sku: string; quantity: number }>;
}

const isText = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= 160;
const isQty = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

/**
 * Reads only what inventory needs, tolerating every other field (additive v1 changes), and
 * dead-letters an event that lacks one of them: retrying cannot fix it.
 */
export function parseShipment(event: CloudEvent<unknown>): Shipment {
  const d = (event.data ?? {}) as Record<string, unknown>;
  const lines = Array.isArray(d.lines) ? (d.lines as Array<Record<string, unknown>>) : [];
  const ok =
    isText(d.orderId) &&
    isText(d.locationId) &&
    lines.length > 0 &&
    lines.every((l) => isText(l.lineId) && isText(l.sku) && isQty(l.quantity));
  if (!ok) throw new NonRetryableError('order.shipped lacks orderId, locationId or valid lines');
  const ref = [d.fulfillmentEventId, d.fulfillmentId, d.eventId].find(isText) ?? event.id;
  return {
    orderId: d.orderId as string,
    fulfillmentRef: ref,
    locationId: d.locationId as string,
    occurredAt: typeof d.occurredAt === 'string' ? d.occurredAt : event.time,
    lines: lines.map((l) => ({
      lineId: l.lineId as string,
      sku: l.sku as string,
      quantity: l.quantity as number,
    })),
  };
}
