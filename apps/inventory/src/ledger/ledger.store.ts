import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { PositionDelta } from '../movements/domain/position-state';

/** One ledger row: a movement (applied or stale) or a reservation change. */
export interface LedgerRow {
  source: string;
  eventId: string;
  sourceSequence: number;
  type: string;
  sku: string;
  locationId: string;
  quantity: number;
  status: 'applied' | 'stale';
  delta: PositionDelta;
  onHandAfter: number;
  reason?: string;
  reservationId?: string;
  occurredAt: string;
}

export interface LedgerPage {
  items: Array<Record<string, unknown>>;
  nextCursor?: string;
}

/**
 * `INSERT INTO movements` of the rows of `ledgerJson`, passed as one jsonb parameter (`param`,
 * e.g. `$1`), so that a writer may embed it in a larger statement (a CTE).
 */
export const ledgerInsertSql = (param: string) =>
  `INSERT INTO movements (source, event_id, source_sequence, type, sku, location_id,
    quantity, status, on_hand_delta, reserved_delta, in_transit_delta, damaged_delta,
    on_hand_after, reason, reservation_id, occurred_at)
  SELECT r.source, r.event_id, r.source_sequence, r.type, r.sku, r.location_id, r.quantity,
         r.status, r.on_hand_delta, r.reserved_delta, r.in_transit_delta, r.damaged_delta,
         r.on_hand_after, r.reason, r.reservation_id, r.occurred_at
    FROM jsonb_to_recordset(${param}::jsonb) AS r(source varchar, event_id varchar,
         source_sequence bigint, type varchar, sku varchar, location_id varchar, quantity int,
         status varchar, on_hand_delta int, reserved_delta int, in_transit_delta int,
         damaged_delta int, on_hand_after int, reason varchar, reservation_id uuid,
         occurred_at timestamptz)`;

/** The parameter of `ledgerInsertSql`: the rows in order (ids follow it). */
export const ledgerJson = (rows: LedgerRow[]): string =>
  JSON.stringify(
    rows.map((r) => ({
      source: r.source,
      event_id: r.eventId,
      source_sequence: r.sourceSequence,
      type: r.type,
      sku: r.sku,
      location_id: r.locationId,
      quantity: r.quantity,
      status: r.status,
      on_hand_delta: r.delta.onHand,
      reserved_delta: r.delta.reserved,
      in_transit_delta: r.delta.inTransit,
      damaged_delta: r.delta.damaged,
      on_hand_after: r.onHandAfter,
      reason: r.reason ?? null,
      reservation_id: r.reservationId ?? null,
      occurred_at: r.occurredAt,
    })),
  );

/** The movement ledger: append-only; each position column is the sum of its delta column. */
@Injectable()
export class LedgerStore {
  constructor(private readonly db: DataSource) {}

  async append(manager: EntityManager, rows: LedgerRow[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(ledgerInsertSql('$1'), [ledgerJson(rows)]);
  }

  /** Ledger of one SKU (optionally one location), oldest first, keyset-paged by id. */
  async page(
    sku: string,
    locationId: string | undefined,
    after: number,
    limit: number,
  ): Promise<LedgerPage> {
    const rows: Array<Record<string, unknown> & { id: string }> = await this.db.query(
      `SELECT id::text AS id, source, event_id AS "eventId", source_sequence::text AS "sourceSequence",
              type, sku, location_id AS "locationId", quantity, status,
              on_hand_delta AS "onHandDelta", reserved_delta AS "reservedDelta",
              in_transit_delta AS "inTransitDelta", damaged_delta AS "damagedDelta",
              on_hand_after AS "onHandAfter", reason, reservation_id AS "reservationId",
              occurred_at AS "occurredAt", recorded_at AS "recordedAt"
         FROM movements WHERE sku = $1 AND ($2::varchar IS NULL OR location_id = $2) AND id > $3
        ORDER BY id LIMIT $4`,
      [sku, locationId ?? null, after, limit + 1],
    );
    const items = rows
      .slice(0, limit)
      .map((r) => ({ ...r, sourceSequence: Number(r.sourceSequence) }));
    const more = rows.length > limit;
    return { items, ...(more ? { nextCursor: String(items[items.length - 1].id) } : {}) };
  }
}
