import type { OrderLineView, OrderView, ShipmentView } from './order-view';

type Json = Record<string, any>;

const SHIPPED_STATES = new Set(['shipped', 'delivered', 'picked_up']);
const DELIVERED_STATES = new Set(['delivered', 'picked_up']);

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

function lineOf(line: Json): OrderLineView {
  return {
    lineId: String(line.lineId),
    sku: String(line.sku),
    quantity: Number(line.quantity),
    unitPrice: Number(line.unitPrice),
    discount: Number(line.discount ?? 0),
    tax: Number(line.tax ?? 0),
  };
}

/** Shipped units of a fulfilment line: an explicit shipped count wins over the status. */
function shippedQuantity(line: Json, fulfillment: Json): number {
  const explicit = line.shippedQuantity ?? line.quantityShipped;
  if (typeof explicit === 'number') return explicit;
  const status = line.status ?? fulfillment.status;
  return SHIPPED_STATES.has(status) ? Number(line.quantity) : 0;
}

function deliveredAt(line: Json, f: Json): string | undefined {
  const explicit = line.deliveredAt ?? line.pickedUpAt ?? f.deliveredAt ?? f.pickedUpAt;
  if (explicit) return explicit;
  return DELIVERED_STATES.has(f.status) ? (f.updatedAt ?? undefined) : undefined;
}

function shipmentsOf(fulfillment: Json): ShipmentView[] {
  const lines: Json[] = Array.isArray(fulfillment.lines) ? fulfillment.lines : [];
  return lines
    .map((line) => ({
      lineId: String(line.lineId),
      quantity: shippedQuantity(line, fulfillment),
      serialNumbers: strings(line.serialNumbers),
      lotNumbers: [
        ...strings(line.lotNumbers),
        ...(line.lotNumber ? [String(line.lotNumber)] : []),
      ],
      locationId: fulfillment.locationId,
      shippedAt: line.shippedAt ?? fulfillment.shippedAt ?? undefined,
      deliveredAt: deliveredAt(line, fulfillment),
    }))
    .filter((s) => s.quantity > 0);
}

function shippingTotal(shipping: Json | undefined): number {
  if (!shipping) return 0;
  return Number(shipping.amount ?? 0) - Number(shipping.discount ?? 0) + Number(shipping.tax ?? 0);
}

const HANDED_OVER = ['fulfillment-shipped', 'fulfillment-picked_up'];
const DELIVERED = ['fulfillment-delivered', 'fulfillment-picked_up'];

/** Latest timeline time of one of `steps` that touched `lineId`. */
function lastAt(timeline: Json[], steps: string[], lineId: string): string | undefined {
  const hits = timeline.filter(
    (t) =>
      steps.includes(t.step) &&
      Array.isArray(t.transformations) &&
      t.transformations.some((x: Json) => x?.lineId === lineId),
  );
  return hits.length ? String(hits[hits.length - 1].at) : undefined;
}

/** Lines carry their shipped count and serials; the dates come from the order timeline. */
function shipmentsFromLines(doc: Json): ShipmentView[] {
  const timeline: Json[] = Array.isArray(doc.timeline) ? doc.timeline : [];
  return (doc.lines as Json[])
    .filter((l) => Number(l.shippedQuantity) > 0)
    .map((l) => ({
      lineId: String(l.lineId),
      quantity: Number(l.shippedQuantity),
      serialNumbers: strings(l.serialNumbers),
      lotNumbers: [...strings(l.lotNumbers), ...(l.lotNumber ? [String(l.lotNumber)] : [])],
      shippedAt: lastAt(timeline, HANDED_OVER, String(l.lineId)),
      deliveredAt: lastAt(timeline, DELIVERED, String(l.lineId)),
    }));
}

const hasLineProgress = (doc: Json) =>
  Array.isArray(doc.lines) && doc.lines.some((l: Json) => typeof l.shippedQuantity === 'number');

/**
 * Maps order-ingestion's order document (`GET /v1/orders/{orderId}`: the canonical order plus
 * status, per-line `shippedQuantity` and `serialNumbers`, fulfillments[], erp and timeline[]).
 * Shipment and delivery dates come from the timeline's `fulfillment-<type>` entries. Documents
 * without per-line progress fall back to the fulfilments (a shipped/delivered/picked-up
 * fulfilment counts its whole quantity).
 */
export function toOrderView(doc: Json): OrderView {
  const fulfillments: Json[] = Array.isArray(doc.fulfillments) ? doc.fulfillments : [];
  return {
    orderId: String(doc.orderId ?? doc.id),
    channel: String(doc.channel),
    channelOrderId: String(doc.channelOrderId),
    status: String(doc.status),
    currency: String(doc.currency),
    orderedAt: String(doc.orderedAt),
    customerId: doc.customer?.customerId ?? undefined,
    lines: (doc.lines ?? []).map(lineOf),
    shippingTotal: shippingTotal(doc.shipping),
    payment: doc.payment,
    shipments: hasLineProgress(doc) ? shipmentsFromLines(doc) : fulfillments.flatMap(shipmentsOf),
    erpSalesOrderExternalId: doc.erp?.externalId ?? undefined,
    ...(doc.shippingAddress?.line1 ? { shippingAddress: doc.shippingAddress } : {}),
  };
}
