import {
  CustomerNotificationRequestedEvent,
  FulfillmentEvent,
  InvoiceLine,
  InvoiceRequestedEvent,
  NotificationKind,
  OrderShippedEvent,
  SUBJECTS,
} from '@retail/contracts';
import type { OutgoingEvent } from '@retail/platform-messaging';
import type { OrderState } from '../domain/order-state';

/** Share of a line total for `units` more units, after `before` were already invoiced. */
function prorate(total: number, quantity: number, before: number, units: number): number {
  return (
    Math.round((total * (before + units)) / quantity) - Math.round((total * before) / quantity)
  );
}

export function shippedEvent(order: OrderState, event: FulfillmentEvent): OutgoingEvent {
  const lines = new Map(order.lines.map((l) => [l.lineId, l]));
  const data: OrderShippedEvent & { lines: Array<{ reservationId?: string }> } = {
    orderId: order.id,
    channel: order.channel,
    channelOrderId: order.channelOrderId,
    fulfillmentEventId: event.eventId,
    ...(event.fulfillmentId ? { fulfillmentId: event.fulfillmentId } : {}),
    type: event.type === 'picked_up' ? 'picked_up' : 'shipped',
    locationId: event.locationId,
    ...(event.carrier ? { carrier: event.carrier } : {}),
    ...(event.trackingNumber ? { trackingNumber: event.trackingNumber } : {}),
    lines: event.lines.map((el) => {
      const line = lines.get(el.lineId)!;
      return {
        lineId: el.lineId,
        sku: line.sku ?? '',
        quantity: el.quantity,
        ...(line.reservationId ? { reservationId: line.reservationId } : {}),
        ...(el.serialNumbers?.length ? { serialNumbers: el.serialNumbers } : {}),
        ...(el.lotNumber ? { lotNumber: el.lotNumber } : {}),
      };
    }),
    occurredAt: event.occurredAt,
  };
  return { type: SUBJECTS.ORDER_SHIPPED, subject: order.id, data };
}

function invoiceLines(order: OrderState, event: FulfillmentEvent): InvoiceLine[] {
  const canonical = new Map(order.order.lines.map((l) => [l.lineId, l]));
  const stored = new Map(order.lines.map((l) => [l.lineId, l]));
  return event.lines.map((el) => {
    const line = canonical.get(el.lineId)!;
    const before = stored.get(el.lineId)!.shippedQuantity;
    return {
      lineId: el.lineId,
      sku: stored.get(el.lineId)!.sku ?? '',
      quantity: el.quantity,
      unitPrice: line.unitPrice,
      discount: prorate(line.discount, line.quantity, before, el.quantity),
      tax: prorate(line.tax, line.quantity, before, el.quantity),
    };
  });
}

/** One invoice request per hand-over; discount and tax prorated so the parts add up exactly. */
export function invoiceEvent(
  order: OrderState,
  event: FulfillmentEvent,
  firstInvoice: boolean,
): OutgoingEvent {
  const lines = invoiceLines(order, event);
  const shipping = firstInvoice ? order.order.shipping : undefined;
  const shippingTotal = shipping
    ? shipping.amount - (shipping.discount ?? 0) + (shipping.tax ?? 0)
    : 0;
  const data: InvoiceRequestedEvent = {
    orderId: order.id,
    channel: order.channel,
    channelOrderId: order.channelOrderId,
    fulfillmentEventId: event.eventId,
    currency: order.order.currency,
    lines,
    ...(shipping ? { shipping } : {}),
    total: lines.reduce((s, l) => s + l.unitPrice * l.quantity - l.discount + l.tax, shippingTotal),
    requestedAt: new Date().toISOString(),
  };
  return { type: SUBJECTS.INVOICE_REQUESTED, subject: order.id, data };
}

const KIND: Record<FulfillmentEvent['type'], NotificationKind | undefined> = {
  shipped: 'order_shipped',
  picked_up: 'order_picked_up',
  delivered: 'order_delivered',
  picked: undefined,
};

/** What the customer is told; a picked pickup order is ready for collection. */
export function notificationEvent(
  order: OrderState,
  event: FulfillmentEvent,
  pickup: boolean,
): OutgoingEvent | undefined {
  const kind = event.type === 'picked' && pickup ? 'ready_for_pickup' : KIND[event.type];
  if (!kind) return undefined;
  const data: CustomerNotificationRequestedEvent = {
    orderId: order.id,
    channel: order.channel,
    ...(order.customerId ? { customerId: order.customerId } : {}),
    kind,
    fulfillmentEventId: event.eventId,
    locationId: event.locationId,
    ...(event.carrier ? { carrier: event.carrier } : {}),
    ...(event.trackingNumber ? { trackingNumber: event.trackingNumber } : {}),
    requestedAt: new Date().toISOString(),
  };
  return { type: SUBJECTS.CUSTOMER_NOTIFICATION_REQUESTED, subject: order.id, data };
}
