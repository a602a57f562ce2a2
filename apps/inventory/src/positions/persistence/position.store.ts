import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { positionKey, PositionState } from '../../movements/domain/position-state';

export type HeldPosition = PositionState & { byChannel: Record<string, number> };

export interface PositionRef {
  sku: string;
  locationId: string;
}

interface PositionRow {
  sku: string;
  location_id: string;
  on_hand: number;
  reserved: number;
  in_transit: number;
  damaged: number;
  updated_at?: Date;
}

const COLUMNS = `sku, location_id, on_hand, reserved, in_transit, damaged, updated_at`;

/** Positions (alias `p`) with what each channel holds there: add WHERE / ORDER / FOR UPDATE. */
export const HELD_POSITIONS_SELECT = `
  SELECT p.sku, p.location_id, p.on_hand, p.reserved, p.in_transit, p.damaged,
         COALESCE((SELECT jsonb_object_agg(cr.channel, cr.reserved) FROM channel_reserved cr
                    WHERE cr.sku = p.sku AND cr.location_id = p.location_id), '{}') AS by_channel
    FROM positions p`;

export type HeldPositionRow = PositionRow & { by_channel: Record<string, number> };

export const toHeld = (r: HeldPositionRow): HeldPosition => {
  const { updatedAt: _, ...state } = toState(r);
  return { ...state, byChannel: r.by_channel };
};

export const toState = (r: PositionRow): PositionState & { updatedAt?: Date } => ({
  sku: r.sku,
  locationId: r.location_id,
  onHand: r.on_hand,
  reserved: r.reserved,
  inTransit: r.in_transit,
  damaged: r.damaged,
  updatedAt: r.updated_at,
});

/**
 * `UPDATE positions` to the figures of `positionsJson` (one jsonb parameter `param`), so that a
 * writer holding the locks may embed it in a larger statement (a CTE).
 */
export const positionsUpdateSql = (param: string) =>
  `UPDATE positions p SET on_hand = v.on_hand, reserved = v.reserved,
          in_transit = v.in_transit, damaged = v.damaged, updated_at = now()
     FROM jsonb_to_recordset(${param}::jsonb)
       AS v(sku varchar, location_id varchar, on_hand int, reserved int, in_transit int, damaged int)
    WHERE p.sku = v.sku AND p.location_id = v.location_id`;

export const positionsJson = (positions: PositionState[]): string =>
  JSON.stringify(
    positions.map((p) => ({
      sku: p.sku,
      location_id: p.locationId,
      on_hand: p.onHand,
      reserved: p.reserved,
      in_transit: p.inTransit,
      damaged: p.damaged,
    })),
  );

/**
 * Position rows and their locks. Every writer locks positions with `lock()` (sorted by sku and
 * location, so two writers never wait on each other in opposite orders) and writes them back
 * with `save()` in the same transaction.
 */
@Injectable()
export class PositionStore {
  constructor(private readonly db: DataSource) {}

  /**
   * Creates missing rows in their own short transaction, so that a writer never holds a row
   * lock while it waits on another writer's uncommitted insert of the same key.
   */
  async ensure(refs: PositionRef[]): Promise<void> {
    const unique = uniqueRefs(refs);
    await this.db.query(
      `INSERT INTO positions (sku, location_id)
       SELECT * FROM unnest($1::varchar[], $2::varchar[]) ORDER BY 1, 2
       ON CONFLICT DO NOTHING`,
      [unique.map((r) => r.sku), unique.map((r) => r.locationId)],
    );
  }

  /** Locks the rows (which must exist) in (sku, location) order. */
  async lock(manager: EntityManager, refs: PositionRef[]): Promise<Map<string, PositionState>> {
    const unique = uniqueRefs(refs);
    const rows: PositionRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM positions
        WHERE (sku, location_id) IN (SELECT * FROM unnest($1::varchar[], $2::varchar[]))
        ORDER BY sku, location_id FOR UPDATE`,
      [unique.map((r) => r.sku), unique.map((r) => r.locationId)],
    );
    return new Map(rows.map((r) => [positionKey(r.sku, r.location_id), toState(r)]));
  }

  /**
   * Locks every position of the SKUs, in (sku, location) order, with what each channel holds
   * there (channel_reserved only moves under these locks). One statement whatever the number of
   * SKUs, and every caller takes the locks in the same order, so two lockers never deadlock.
   */
  async lockSkus(manager: EntityManager, skus: string[]): Promise<HeldPosition[]> {
    const rows: HeldPositionRow[] = await manager.query(
      `${HELD_POSITIONS_SELECT} WHERE p.sku = ANY($1::varchar[]) ORDER BY p.sku, p.location_id FOR UPDATE OF p`,
      [skus],
    );
    return rows.map(toHeld);
  }

  async save(manager: EntityManager, positions: PositionState[]): Promise<void> {
    if (positions.length === 0) return;
    await manager.query(positionsUpdateSql('$1'), [positionsJson(positions)]);
  }

  async findBySku(sku: string): Promise<Array<PositionState & { updatedAt?: Date }>> {
    const rows: PositionRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM positions WHERE sku = $1 ORDER BY location_id`,
      [sku],
    );
    return rows.map(toState);
  }
}

function uniqueRefs(refs: PositionRef[]): PositionRef[] {
  const map = new Map(refs.map((r) => [positionKey(r.sku, r.locationId), r]));
  return [...map.values()];
}
