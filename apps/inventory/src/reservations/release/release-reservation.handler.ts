import { Injectable } from '@nestjs/common';
import { assertCanActFor, Principal } from '@retail/platform-http';
import { DataSource } from 'typeorm';
import { InventoryException } from '../../common/inventory.exception';
import { withTxRetry } from '../../common/transaction-retry';
import { ReservationStore } from '../persistence/reservation.store';
import { ReservationReleaser } from './reservation-releaser';

export interface ReleaseResult {
  reservationId: string;
  state: string;
  released: Array<{ locationId: string; quantity: number }>;
}

/**
 * Releases a reservation (order cancelled, reallocated). Repeating it is harmless: an already
 * released or expired reservation answers its state with nothing released; a consumed one
 * cannot be released (409).
 */
@Injectable()
export class ReleaseReservationHandler {
  constructor(
    private readonly db: DataSource,
    private readonly store: ReservationStore,
    private readonly releaser: ReservationReleaser,
  ) {}

  execute(
    id: string,
    principal: Principal,
    reasonCode = 'order_cancelled',
  ): Promise<ReleaseResult> {
    return withTxRetry(() =>
      this.db.transaction(async (manager) => {
        const r = await this.store.byId(manager, id, true);
        if (!r)
          throw new InventoryException('reservation-not-found', 404, `reservation ${id} not found`);
        assertCanActFor(principal, r.channel);
        if (r.state === 'consumed') {
          throw new InventoryException(
            'reservation-closed',
            409,
            `reservation ${id} was consumed by a shipment`,
          );
        }
        if (r.state !== 'active') return { reservationId: id, state: r.state, released: [] };
        const released = await this.releaser.releaseIn(manager, r, 'released', reasonCode);
        return { reservationId: id, state: 'released', released };
      }),
    );
  }
}
