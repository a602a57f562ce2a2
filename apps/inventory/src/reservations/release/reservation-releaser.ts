import { Injectable } from '@nestjs/common';
import { ReservationAllocation, ReservationReleasedEvent, SUBJECTS } from '@retail/contracts';
import { OutboxService } from '@retail/platform-messaging';
import { EntityManager } from 'typeorm';
import { inventoryMetrics } from '../../common/metrics';
import { HoldsService } from '../persistence/holds.service';
import { ReservationRecord, ReservationStore } from '../persistence/reservation.store';

/** Gives every still-held unit of an active reservation back (release or expiry). */
@Injectable()
export class ReservationReleaser {
  constructor(
    private readonly store: ReservationStore,
    private readonly holds: HoldsService,
    private readonly outbox: OutboxService,
  ) {}

  /** The caller holds the reservation's row lock and has checked it is active. */
  async releaseIn(
    manager: EntityManager,
    r: ReservationRecord,
    state: 'released' | 'expired',
    reasonCode: string,
  ): Promise<ReservationAllocation[]> {
    const open = (await this.store.allocations(manager, r.id))
      .filter((a) => a.open > 0)
      .map((a) => ({ locationId: a.locationId, quantity: a.open }));
    await this.holds.drop(manager, r, open, state === 'expired' ? 'expire' : 'release');
    await this.store.close(manager, r.id, state);
    await this.outbox.enqueue<ReservationReleasedEvent>(manager, {
      type: SUBJECTS.RESERVATION_RELEASED,
      subject: r.id,
      data: {
        reservationId: r.id,
        orderId: r.orderId,
        lineId: r.lineId,
        sku: r.sku,
        allocations: open,
        reasonCode,
        releasedAt: new Date().toISOString(),
      },
    });
    inventoryMetrics.reservationLifecycle().inc({ event: state });
    return open;
  }
}
