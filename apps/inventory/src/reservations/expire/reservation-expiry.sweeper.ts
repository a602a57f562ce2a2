import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { DataSource } from 'typeorm';
import { Periodic } from '../../common/periodic';
import type { InventoryConfig } from '../../config/env';
import { ReservationStore } from '../persistence/reservation.store';
import { ReservationReleaser } from '../release/reservation-releaser';

const BATCH = 100;

/**
 * Expires reservations left behind by abandoned flows (no shipment, no release within
 * RESERVATION_TTL_MINUTES). Each reservation is expired in its own transaction, claimed with
 * SKIP LOCKED, so replicas share the work and a sweep never holds locks on many positions.
 * Expiry is judged by the database clock, never a replica's.
 */
@Injectable()
export class ReservationExpirySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly periodic: Periodic;

  constructor(
    private readonly db: DataSource,
    private readonly store: ReservationStore,
    private readonly releaser: ReservationReleaser,
    @Inject(SERVICE_CONFIG) config: InventoryConfig,
  ) {
    this.periodic = new Periodic(
      'reservation-expiry',
      () => this.sweep(),
      config.env.RESERVATION_SWEEP_INTERVAL_MS,
    );
  }

  onApplicationBootstrap(): void {
    this.periodic.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.periodic.stop();
  }

  /** Expires what is due; returns how many reservations it expired. */
  async sweep(): Promise<number> {
    const due: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM reservations WHERE state = 'active' AND expires_at <= now()
        ORDER BY expires_at LIMIT $1`,
      [BATCH],
    );
    let expired = 0;
    for (const { id } of due) if (await this.expire(id)) expired++;
    return expired;
  }

  private expire(id: string): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      const rows: Array<{ id: string }> = await manager.query(
        `SELECT id FROM reservations WHERE id = $1 AND state = 'active' AND expires_at <= now()
         FOR UPDATE SKIP LOCKED`,
        [id],
      );
      if (rows.length === 0) return false;
      const r = (await this.store.byId(manager, id))!;
      await this.releaser.releaseIn(manager, r, 'expired', 'reservation_expired');
      return true;
    });
  }
}
