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

const INSERT = `INSERT INTO movements (source, event_id, source_sequence, type, sku, location_id,
    quantity, status, on_hand_delta, reserved_delta, in_transit_delta, damaged_delta,
    on_hand_after, reason, reservation_id, occurred_at)
  SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::bigint[], $4::varchar[], $5::varchar[],
    $6::varchar[], $7::int[], $8::varchar[], $9::int[], $10::int[], $11::int[], $12::int[],
    $13::int[], $14::varchar[], $15::uuid[], $16::timestamptz[])`;

/** The movement ledger: append-only; each position column is the sum of its delta column. */
@Injectable()
export class LedgerStore {
  constructor(private readonly db: DataSource) {}

  async append(manager: EntityManager, rows: LedgerRow[]): Promise<void> {
    if (rows.length === 0) return;
    const col = <T>(f: (r: LedgerRow) => T) => rows.map(f);
    await manager.query(INSERT, [
      col((r) => r.source),
      col((r) => r.eventId),
      col((r) => r.sourceSequence),
      col((r) => r.type),
      col((r) => r.sku),
      col((r) => r.locationId),
      col((r) => r.quantity),
      col((r) => r.status),
      col((r) => r.delta.onHand),
      col((r) => r.delta.reserved),
      col((r) => r.delta.inTransit),
      col((r) => r.delta.damaged),
      col((r) => r.onHandAfter),
      col((r) => r.reason ?? null),
      col((r) => r.reservationId ?? null),
      col((r) => r.occurredAt),
    ]);
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
