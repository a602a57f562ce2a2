import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrderState, StoredLine } from '../../domain/order-state';
import { InventoryPort, InventoryRejectedError } from '../../ports/inventory.port';
import type { StepHandler, StepResult } from '../step-handler';

interface LineReservation {
  lineId: string;
  reservationId: string | null;
  status: string;
}

/**
 * Reserves every line through inventory's HTTP API (Idempotency-Key `<orderId>.<lineId>`, so a
 * re-run after a crash gets the same reservation back). Inventory unreachable: the step is
 * retried with back-off. Inventory refusing a line (4xx): the line is recorded as unreserved and
 * the order continues as `backordered`, the ERP sales order is still created.
 */
@Injectable()
export class ReserveStep implements StepHandler {
  readonly step = 'reserve' as const;

  constructor(private readonly inventory: InventoryPort) {}

  async run(order: OrderState): Promise<StepResult> {
    const results: LineReservation[] = [];
    for (const line of order.lines.filter((l) => !l.reservationStatus))
      results.push(await this.reserveLine(order, line));
    const statuses = [
      ...order.lines.filter((l) => l.reservationStatus).map((l) => l.reservationStatus),
      ...results.map((r) => r.status),
    ];
    const allReserved = statuses.every((s) => s === 'reserved');
    return {
      next: 'erp',
      status: allReserved ? 'reserved' : 'backordered',
      transformations: results.map((r) => ({ lineId: r.lineId, reservation: r.status })),
      persist: (m) => storeReservations(m, order.id, results),
    };
  }

  private async reserveLine(order: OrderState, line: StoredLine): Promise<LineReservation> {
    try {
      const result = await this.inventory.reserve(
        {
          orderId: order.id,
          lineId: line.lineId,
          sku: line.sku,
          quantity: line.quantity,
          channel: order.channel,
          ...(line.locationId ? { locationId: line.locationId } : {}),
        },
        order.correlationId,
      );
      return { lineId: line.lineId, reservationId: result.reservationId, status: result.status };
    } catch (err) {
      if (!(err instanceof InventoryRejectedError)) throw err;
      return { lineId: line.lineId, reservationId: null, status: 'rejected' };
    }
  }
}

function storeReservations(m: EntityManager, orderId: string, results: LineReservation[]) {
  const rows = results.map((r) => ({
    line_id: r.lineId,
    reservation_id: r.reservationId,
    status: r.status,
  }));
  return m.query(
    `UPDATE order_lines l SET reservation_id = r.reservation_id, reservation_status = r.status
       FROM jsonb_to_recordset($2::jsonb) AS r(line_id text, reservation_id text, status text)
      WHERE l.order_id = $1 AND l.line_id = r.line_id`,
    [orderId, JSON.stringify(rows)],
  );
}
