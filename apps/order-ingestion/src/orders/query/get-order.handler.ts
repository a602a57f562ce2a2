import { Injectable } from '@nestjs/common';
import { assertCanActFor, Principal } from '@retail/platform-http';
import { DataSource } from 'typeorm';
import { OrderException } from '../domain/order.exception';
import type { OrderState } from '../domain/order-state';
import { isUuid } from '../persistence/orders.repository';
import {
  LINE_COLUMNS,
  LineRow,
  ORDER_COLUMNS,
  OrderRow,
  toOrderState,
} from '../persistence/order-rows';
import type { FulfillmentView, OrderLineView, OrderView, TimelineEntryView } from './order-view';

/** Reads one order with everything the contract's `GET /v1/orders/{orderId}` shows. */
@Injectable()
export class GetOrderHandler {
  constructor(private readonly db: DataSource) {}

  async execute(orderId: string, principal: Principal): Promise<OrderView> {
    const row = await this.loadRow(orderId);
    assertCanActFor(principal, row.channel);
    const lines: LineRow[] = await this.db.query(
      `SELECT ${LINE_COLUMNS} FROM order_lines WHERE order_id = $1 ORDER BY position`,
      [orderId],
    );
    const order = toOrderState(row, lines);
    const [fulfillments, timeline, serials] = await Promise.all([
      this.fulfillments(order),
      this.timeline(orderId),
      this.serials(orderId),
    ]);
    const { lines: canonicalLines, ...canonical } = order.order;
    return {
      orderId,
      ...canonical,
      status: order.status,
      ...(row.status_reason ? { statusReason: row.status_reason } : {}),
      lines: canonicalLines.map((l) => this.lineView(order, l, serials)),
      fulfillments,
      erp: {
        ...(order.erpSalesOrderId ? { salesOrderId: order.erpSalesOrderId } : {}),
        state: order.erpState,
        externalId: order.erpExternalId,
      },
      timeline,
      createdAt: order.createdAt.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }

  private async loadRow(orderId: string) {
    const rows: Array<OrderRow & { status_reason: string | null; updated_at: Date }> = isUuid(
      orderId,
    )
      ? await this.db.query(
          `SELECT ${ORDER_COLUMNS}, status_reason, updated_at FROM orders WHERE id = $1`,
          [orderId],
        )
      : [];
    if (rows.length === 0) throw OrderException.notFound(orderId);
    return rows[0];
  }

  private lineView(
    order: OrderState,
    line: OrderState['order']['lines'][number],
    serials: Map<string, string[]>,
  ): OrderLineView {
    const stored = order.lines.find((l) => l.lineId === line.lineId)!;
    return {
      ...line,
      ...(stored.channelSku ? { channelSku: stored.channelSku } : {}),
      shippedQuantity: stored.shippedQuantity,
      serialNumbers: serials.get(line.lineId) ?? [],
      ...(stored.reservationId ? { reservationId: stored.reservationId } : {}),
      ...(stored.reservationStatus ? { reservationStatus: stored.reservationStatus } : {}),
    };
  }

  private async fulfillments(order: OrderState): Promise<FulfillmentView[]> {
    const rows: Array<{
      id: string;
      type: FulfillmentView['type'];
      location_id: string | null;
      status: FulfillmentView['status'];
    }> = await this.db.query(
      `SELECT id, type, location_id, status FROM fulfillment_instructions
          WHERE order_id = $1 ORDER BY created_at, id`,
      [order.id],
    );
    return rows.map((r) => ({
      fulfillmentId: r.id,
      orderId: order.id,
      type: r.type,
      ...(r.location_id ? { locationId: r.location_id } : {}),
      lines: order.lines
        .filter((l) => l.fulfillmentId === r.id)
        .map((l) => ({ lineId: l.lineId, sku: l.sku ?? '', quantity: l.quantity })),
      ...(r.type !== 'pickup' && order.order.shippingAddress
        ? { shippingAddress: order.order.shippingAddress }
        : {}),
      status: r.status,
    }));
  }

  private async timeline(orderId: string): Promise<TimelineEntryView[]> {
    const rows = await this.db.query(
      `SELECT at, from_status, to_status, step, cause_event_id, reason, transformations
         FROM order_timeline WHERE order_id = $1 ORDER BY id`,
      [orderId],
    );
    return rows.map((r: Record<string, any>) => ({
      at: (r.at as Date).toISOString(),
      ...(r.from_status ? { fromStatus: r.from_status } : {}),
      status: r.to_status,
      step: r.step,
      ...(r.cause_event_id ? { causeEventId: r.cause_event_id } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
      transformations: r.transformations,
    }));
  }

  private async serials(orderId: string): Promise<Map<string, string[]>> {
    const rows: Array<{ line_id: string; serial: string }> = await this.db.query(
      `SELECT l->>'lineId' AS line_id, s AS serial FROM fulfillment_events e,
              jsonb_array_elements(e.body->'lines') l,
              jsonb_array_elements_text(COALESCE(l->'serialNumbers', '[]'::jsonb)) s
        WHERE e.order_id = $1 AND e.type IN ('shipped', 'picked_up')`,
      [orderId],
    );
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.line_id, [...(map.get(r.line_id) ?? []), r.serial]);
    return map;
  }
}
