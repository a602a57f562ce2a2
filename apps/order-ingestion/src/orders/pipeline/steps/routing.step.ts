import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import type { OrderState } from '../../domain/order-state';
import { InstructionGroup, routeLines } from '../../domain/routing';
import type { StepHandler, StepResult } from '../step-handler';

/**
 * Splits the order into fulfilment instructions (pickup, ship, ship-from-store, per location)
 * under the one commercial order. Unique per (order, type, location), so a re-run is a no-op.
 */
@Injectable()
export class RoutingStep implements StepHandler {
  readonly step = 'routing' as const;

  async run(order: OrderState): Promise<StepResult> {
    const groups = routeLines(order.lines);
    return {
      next: 'reserve',
      transformations: groups.map((g) => ({
        fulfillment: g.type,
        ...(g.locationId ? { locationId: g.locationId } : {}),
        lineIds: g.lineIds,
      })),
      persist: async (m) => {
        for (const group of groups) await this.storeInstruction(m, order.id, group);
      },
    };
  }

  private async storeInstruction(m: EntityManager, orderId: string, group: InstructionGroup) {
    const location = group.locationId ?? null;
    await m.query(
      `INSERT INTO fulfillment_instructions (id, order_id, type, location_id)
       VALUES ($1, $2, $3, $4) ON CONFLICT ON CONSTRAINT fulfillment_instructions_group_uq DO NOTHING`,
      [uuidv7(), orderId, group.type, location],
    );
    await m.query(
      `UPDATE order_lines l SET fulfillment_id = f.id FROM fulfillment_instructions f
        WHERE f.order_id = $1 AND f.type = $2 AND f.location_id IS NOT DISTINCT FROM $3
          AND l.order_id = $1 AND l.line_id = ANY($4::text[])`,
      [orderId, group.type, location, group.lineIds],
    );
  }
}
