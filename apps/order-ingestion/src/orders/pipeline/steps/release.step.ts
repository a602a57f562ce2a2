import { Injectable } from '@nestjs/common';
import type { OrderState } from '../../domain/order-state';
import { InventoryPort } from '../../ports/inventory.port';
import type { StepHandler, StepResult } from '../step-handler';

/** After a cancel: releases every reservation still held (releasing twice is harmless). */
@Injectable()
export class ReleaseStep implements StepHandler {
  readonly step = 'release' as const;

  constructor(private readonly inventory: InventoryPort) {}

  async run(order: OrderState): Promise<StepResult> {
    const held = order.lines.filter(
      (l) => l.reservationId && l.reservationStatus !== 'released' && l.shippedQuantity === 0,
    );
    for (const line of held)
      await this.inventory.release(line.reservationId!, order.id, order.correlationId);
    return {
      next: 'done',
      transformations: held.map((l) => ({ lineId: l.lineId, reservation: 'released' })),
      persist: async (m) => {
        await m.query(
          `UPDATE order_lines SET reservation_status = 'released'
            WHERE order_id = $1 AND line_id = ANY($2::text[])`,
          [order.id, held.map((l) => l.lineId)],
        );
      },
    };
  }
}
