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
import { returnedQuantity } from '../returns/return-update';
import type {
  FulfillmentView,
  OrderLineView,
  OrderReturnView,
  OrderView,
  TimelineEntryView,
} from './order-view';

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
    const [fulfillments, timeline, shipped, returns] = await Promise.all([
      this.fulfillments(order),
      this.timeline(orderId),
      this.shippedUnits(orderId),
      this.returns(orderId),
    ]);
    const { lines: canonicalLines, ...canonical } = order.order;
    return {
      orderId,
      ...canonical,
      status: order.status,
      ...(row.status_reason ? { statusReason: row.status_reason } : {}),
      lines: canonicalLines.map((l) => this.lineView(order, l, shipped, returns)),
      fulfillments,
      erp: {
        ...(order.erpSalesOrderId ? { salesOrderId: order.erpSalesOrderId } : {}),
        state: order.erpState,
        externalId: order.erpExternalId,
      },
      timeline,
      returns,
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
    shipped: Map<string, ShippedUnits>,
    returns: OrderReturnView[],
  ): OrderLineView {
    const stored = order.lines.find((l) => l.lineId === line.lineId)!;
    const units = shipped.get(line.lineId);
    return {
      ...line,
      ...(stored.channelSku ? { channelSku: stored.channelSku } : {}),
      shippedQuantity: stored.shippedQuantity,
      serialNumbers: units?.serialNumbers ?? [],
      lotNumbers: units?.lotNumbers ?? [],
      returnedQuantity: returnedQuantity(returns, line.lineId),
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

  /** Serials and lots shipped or picked up per line, in the order the events came. */
  private async shippedUnits(orderId: string): Promise<Map<string, ShippedUnits>> {
    const rows: Array<{ line_id: string; serials: string[]; lot: string | null }> =
      await this.db.query(
        `SELECT l->>'lineId' AS line_id, l->>'lotNumber' AS lot,
                ARRAY(SELECT jsonb_array_elements_text(COALESCE(l->'serialNumbers', '[]'::jsonb)))
                  AS serials
           FROM fulfillment_events e, jsonb_array_elements(e.body->'lines') l
          WHERE e.order_id = $1 AND e.type IN ('shipped', 'picked_up')
          ORDER BY e.received_at, e.event_id`,
        [orderId],
      );
    const map = new Map<string, ShippedUnits>();
    for (const r of rows) {
      const units = map.get(r.line_id) ?? { serialNumbers: [], lotNumbers: [] };
      units.serialNumbers.push(...r.serials);
      if (r.lot && !units.lotNumbers.includes(r.lot)) units.lotNumbers.push(r.lot);
      map.set(r.line_id, units);
    }
    return map;
  }

  /** The returns that touched the order (ADR 0040), oldest first. */
  private async returns(orderId: string): Promise<OrderReturnView[]> {
    const rows: Array<{
      return_id: string;
      status: string;
      lines: Array<{ lineId: string; quantity: number }>;
      received_at: Date | null;
    }> = await this.db.query(
      `SELECT return_id, status, lines, received_at FROM order_returns
        WHERE order_id = $1 ORDER BY updated_at, return_id`,
      [orderId],
    );
    return rows.map((r) => ({
      returnId: r.return_id,
      status: r.status,
      lines: r.lines,
      ...(r.received_at ? { receivedAt: r.received_at.toISOString() } : {}),
    }));
  }
}

interface ShippedUnits {
  serialNumbers: string[];
  lotNumbers: string[];
}
