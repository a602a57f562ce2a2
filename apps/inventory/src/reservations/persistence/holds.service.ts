import { Injectable } from '@nestjs/common';
import type { ReservationAllocation, ReservationStatus } from '@retail/contracts';
import { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AvailabilityView } from '../../availability/view/availability-view';
import { StockEffects } from '../../common/stock-effects';
import { LedgerRow, LedgerStore } from '../../ledger/ledger.store';
import { NO_DELTA } from '../../movements/domain/position-state';
import { PositionStore } from '../../positions/persistence/position.store';
import { HOLD_SQL } from './hold.sql';
import { ReservationRecord } from './reservation.store';

export interface NewHold {
  reservation: ReservationRecord;
  allocations: ReservationAllocation[];
  outcome: ReservationStatus;
}

export type DropKind = 'release' | 'consume' | 'expire';

export interface Drop {
  locationId: string;
  quantity: number;
}

/** Oversell guard: a hold must fit what no one else holds (rows are locked already). */
export class HoldRejectedError extends Error {}

/**
 * Reserved units, kept in three places that move together in one transaction: the position's
 * `reserved`, the channel's share of it, and the reservation's allocations (plus a ledger row
 * each, so the ledger explains `reserved` too). Callers hold the positions' locks.
 */
@Injectable()
export class HoldsService {
  constructor(
    private readonly ledger: LedgerStore,
    private readonly effects: StockEffects,
    private readonly positions: PositionStore,
    private readonly view: AvailabilityView,
  ) {}

  /**
   * Holds the allocations of a batch of reservations (of one SKU or many) and records their
   * outcomes, in one statement (rows locked by the caller).
   */
  async holdMany(manager: EntityManager, batch: NewHold[]): Promise<void> {
    if (batch.length === 0) return;
    const holds = batch.flatMap((b) => b.allocations.map((a) => ({ ...a, r: b.reservation })));
    const skus = [...new Set(batch.map((b) => b.reservation.sku))];
    const [{ held, wanted }] = await manager.query(HOLD_SQL, [
      holds.map((h) => h.r.sku),
      holds.map((h) => h.r.id),
      holds.map((h) => h.r.channel),
      holds.map((h) => h.locationId),
      holds.map((h) => h.quantity),
      skus,
      batch.map((b) => b.reservation.id),
      batch.map((b) => b.outcome),
    ]);
    // Belt and braces: the allocations were computed under the row locks; the conditional
    // update makes the database itself refuse holds beyond on-hand.
    if (held !== wanted) throw new HoldRejectedError(`holds on ${skus.join(', ')} refused`);
  }

  /** Gives units back (release, expiry) or turns them into a shipment (consume). */
  async drop(manager: EntityManager, r: ReservationRecord, drops: Drop[], kind: DropKind) {
    const real = drops.filter((d) => d.quantity > 0);
    if (real.length === 0) return;
    this.view.expect(r.sku);
    const locked = await this.positions.lock(
      manager,
      real.map((d) => ({ sku: r.sku, ...d })),
    );
    const updated = real.map((d) => {
      const p = [...locked.values()].find((x) => x.locationId === d.locationId)!;
      return { ...p, reserved: p.reserved - d.quantity };
    });
    await this.positions.save(manager, updated);
    await this.adjustChannel(manager, r, real, -1);
    await manager.query(
      `UPDATE reservation_allocations a SET open = a.open - v.q
         FROM unnest($2::varchar[], $3::int[]) AS v(l, q)
        WHERE a.reservation_id = $1 AND a.location_id = v.l`,
      [r.id, real.map((d) => d.locationId), real.map((d) => d.quantity)],
    );
    await this.journal(
      manager,
      r,
      real,
      kind,
      -1,
      new Map(updated.map((p) => [p.locationId, p.onHand])),
    );
  }

  private async adjustChannel(
    manager: EntityManager,
    r: ReservationRecord,
    rows: Drop[],
    sign: 1 | -1,
  ) {
    const params = [r.sku, r.channel, rows.map((x) => x.locationId), rows.map((x) => x.quantity)];
    if (sign < 0) {
      // The rows exist (a hold created them); an upsert would check -q against reserved >= 0.
      await manager.query(
        `UPDATE channel_reserved c SET reserved = c.reserved - v.q
           FROM unnest($3::varchar[], $4::int[]) AS v(l, q)
          WHERE c.sku = $1 AND c.channel = $2 AND c.location_id = v.l`,
        params,
      );
      return;
    }
    await manager.query(
      `INSERT INTO channel_reserved (sku, location_id, channel, reserved)
       SELECT $1, l, $2, q FROM unnest($3::varchar[], $4::int[]) AS v(l, q) ORDER BY l
       ON CONFLICT (sku, location_id, channel)
       DO UPDATE SET reserved = channel_reserved.reserved + EXCLUDED.reserved`,
      params,
    );
  }

  private async journal(
    manager: EntityManager,
    r: ReservationRecord,
    rows: Drop[],
    kind: string,
    sign: 1 | -1,
    onHand: Map<string, number>,
  ) {
    const now = new Date().toISOString();
    const entries: LedgerRow[] = rows.map((x) => ({
      source: 'reservations',
      eventId: `${r.id}:${kind}:${x.locationId}:${uuidv7()}`,
      sourceSequence: 0,
      type: kind,
      sku: r.sku,
      locationId: x.locationId,
      quantity: x.quantity,
      status: 'applied',
      delta: { ...NO_DELTA, reserved: sign * x.quantity },
      onHandAfter: onHand.get(x.locationId) ?? 0,
      reservationId: r.id,
      occurredAt: now,
    }));
    await this.ledger.append(manager, entries);
    await this.effects.record(
      manager,
      rows.map((x) => ({
        sku: r.sku,
        locationId: x.locationId,
        onHandDelta: 0,
        source: 'reservations',
      })),
    );
  }
}
