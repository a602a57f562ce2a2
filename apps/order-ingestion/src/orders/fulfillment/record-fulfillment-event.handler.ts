import { Injectable } from '@nestjs/common';
import type { FulfillmentEvent, InvoiceRequestedEvent, OrderStatus } from '@retail/contracts';
import { assertCanActFor, Principal } from '@retail/platform-http';
import { OutboxService, type OutgoingEvent } from '@retail/platform-messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { applyEventLines, fulfilmentStatus, handsOver } from '../domain/fulfillment-progress';
import { OrderException } from '../domain/order.exception';
import type { OrderState } from '../domain/order-state';
import { ErpPostings } from '../erp/erp-posting';
import { OrdersRepository } from '../persistence/orders.repository';
import { invoiceEvent, notificationEvent, shippedEvent } from './follow-on-events';

export interface FulfillmentEventResult {
  eventId: string;
  orderId: string;
  status: OrderStatus;
}

/**
 * Applies a WMS or store event once (by `eventId`, under the order's row lock, so concurrent
 * repeats serialise): shipped quantities, instruction and order status, and the follow-on events
 * (`order.shipped` so inventory consumes the reservations, `invoice.requested`,
 * `customer-notification.requested`), all in one transaction.
 */
@Injectable()
export class RecordFulfillmentEventHandler {
  constructor(
    private readonly db: DataSource,
    private readonly orders: OrdersRepository,
    private readonly outbox: OutboxService,
    private readonly erpPostings: ErpPostings,
  ) {}

  execute(event: FulfillmentEvent, principal: Principal): Promise<FulfillmentEventResult> {
    return this.db.transaction(async (m) => {
      const order = await this.orders.lock(m, event.orderId);
      if (!order) throw OrderException.notFound(event.orderId);
      assertCanActFor(principal, order.channel);
      const [seen] = await m.query(`SELECT result FROM fulfillment_events WHERE event_id = $1`, [
        event.eventId,
      ]);
      if (seen) return seen.result as FulfillmentEventResult;
      if (order.status === 'cancelled')
        throw new OrderException('order-cancelled', 'the order was cancelled');
      return this.apply(m, order, event);
    });
  }

  private async apply(m: EntityManager, order: OrderState, event: FulfillmentEvent) {
    const outcome = applyEventLines(order.lines, event.lines, event.type);
    if (!outcome.ok)
      throw new OrderException(
        'invalid-fulfillment-event',
        'event does not fit the order',
        outcome.problems,
      );
    const status =
      (handsOver(event.type) && fulfilmentStatus(order.lines, outcome.shipped)) || order.status;
    const lineIds = event.lines.map((l) => l.lineId);
    await this.orders.recordShipment(
      m,
      order,
      lineIds.map((lineId) => ({ lineId, shipped: outcome.shipped.get(lineId)! })),
      event,
      { status, cause: event.eventId, entries: [journalEntry(order, event, status)] },
    );
    await this.outbox.enqueue(m, await this.followOns(m, order, event));
    const result: FulfillmentEventResult = { eventId: event.eventId, orderId: order.id, status };
    await m.query(
      `INSERT INTO fulfillment_events (event_id, order_id, type, body, result)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)`,
      [event.eventId, order.id, event.type, JSON.stringify(event), JSON.stringify(result)],
    );
    return result;
  }

  private async followOns(m: EntityManager, order: OrderState, event: FulfillmentEvent) {
    const events: OutgoingEvent[] = [];
    if (handsOver(event.type)) {
      const [{ n }] = await m.query(
        `SELECT count(*)::int AS n FROM fulfillment_events
          WHERE order_id = $1 AND type IN ('shipped', 'picked_up')`,
        [order.id],
      );
      const invoice = invoiceEvent(order, event, n === 0);
      events.push(shippedEvent(order, event), invoice);
      // The ERP's item fulfillment and invoice or cash sale of this hand-over (ADR 0041).
      await this.erpPostings.enqueue(m, order, event, invoice.data as InvoiceRequestedEvent);
    }
    const touched = new Set(event.lines.map((l) => l.lineId));
    const pickup = order.lines.some((l) => touched.has(l.lineId) && l.fulfillmentType === 'pickup');
    const notification = notificationEvent(order, event, pickup);
    if (notification) events.push(notification);
    return events;
  }
}

function journalEntry(order: OrderState, event: FulfillmentEvent, status: OrderStatus) {
  return {
    from: order.status,
    to: status,
    step: `fulfillment-${event.type}`,
    transformations: event.lines.map((l) => ({ lineId: l.lineId, [event.type]: l.quantity })),
  };
}
