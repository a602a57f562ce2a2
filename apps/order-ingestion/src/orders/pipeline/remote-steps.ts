import { Injectable } from '@nestjs/common';
import type { LineReservation } from '../domain/order-change';
import { InventoryPort } from '../ports/inventory.port';
import type { OrderPlan, Stop } from './order-plan';

/**
 * The inventory steps. Inventory keeps one reservation per (orderId, lineId), so a run
 * repeated after a crash gets the same reservation back (the lines of many orders travel in one
 * `POST /v1/reservations:batch`, see the HTTP client). Only inventory's business answer
 * (reserved, partial, backordered) moves the order on: ANY error (down, refused, unexpected)
 * keeps it on the step, retried with back-off, the reason on the order. Non-stock lines are
 * never reserved.
 */
@Injectable()
export class RemoteSteps {
  constructor(private readonly inventory: InventoryPort) {}

  async reserve(plan: OrderPlan): Promise<Stop | undefined> {
    const order = plan.order;
    const todo = order.lines.filter((l) => l.kind === 'stock' && !l.reservationStatus);
    let results: LineReservation[];
    try {
      results = await Promise.all(
        todo.map(async (line) => {
          const request = {
            orderId: order.id,
            lineId: line.lineId,
            sku: skuOf(plan, line.lineId) ?? line.sku!,
            quantity: line.quantity,
            channel: order.channel,
            ...(line.locationId ? { locationId: line.locationId } : {}),
          };
          const r = await this.inventory.reserve(request, order.correlationId);
          return { lineId: line.lineId, reservationId: r.reservationId, status: r.status };
        }),
      );
    } catch (err) {
      return plan.wait('reserve', `reservation failed: ${(err as Error).message}`);
    }
    const statuses = [
      ...order.lines.filter((l) => l.kind === 'stock').map((l) => l.reservationStatus),
      ...results.map((r) => r.status),
    ].filter((s) => s !== undefined);
    plan.change.reservations = results;
    const status = statuses.every((s) => s === 'reserved') ? 'reserved' : 'backordered';
    plan.advance('erp', 'reserve', status, {
      transformations: results.map((r) => ({ lineId: r.lineId, reservation: r.status })),
    });
    plan.advance('erp_wait', 'erp', 'awaiting_erp');
    plan.change.erpState = 'queued';
    plan.handoffToErp = true;
    return undefined;
  }

  /** After a cancel: releases every reservation still held (releasing twice is harmless). */
  async release(plan: OrderPlan): Promise<Stop | undefined> {
    const order = plan.order;
    const held = order.lines.filter(
      (l) => l.reservationId && l.reservationStatus !== 'released' && l.shippedQuantity === 0,
    );
    try {
      for (const line of held)
        await this.inventory.release(line.reservationId!, order.id, order.correlationId);
    } catch (err) {
      return plan.wait('release', `releasing reservations failed: ${(err as Error).message}`);
    }
    plan.change.releasedLineIds = held.map((l) => l.lineId);
    plan.advance('done', 'release', undefined, {
      transformations: held.map((l) => ({ lineId: l.lineId, reservation: 'released' })),
    });
    return undefined;
  }
}

/** The SKU resolved earlier in the same run (not yet committed). */
function skuOf(plan: OrderPlan, lineId: string): string | undefined {
  return plan.change.lineSkus?.find((s) => s.lineId === lineId)?.sku;
}
