import { Injectable } from '@nestjs/common';
import type { InventoryMovement } from '@retail/contracts';
import { EntityManager } from 'typeorm';
import { AppliedDelta, BatchState, eventKey, sourceKey } from '../domain/apply-movements';
import { PositionState } from '../domain/position-state';

/**
 * Loads what `applyMovements` needs about the ledger. Runs after the positions are locked, so
 * no other writer can change these rows (they all lock the same positions first).
 */
@Injectable()
export class MovementStateLoader {
  async load(
    manager: EntityManager,
    movements: InventoryMovement[],
    positions: Map<string, PositionState>,
  ): Promise<BatchState> {
    // One connection per transaction: the queries run one after another anyway.
    const seenEvents = await this.seen(manager, movements);
    const watermarks = await this.watermarks(manager, movements);
    const appliedDeltas = await this.deltasForSnapshots(manager, movements);
    return { positions, seenEvents, watermarks, appliedDeltas };
  }

  private async seen(manager: EntityManager, movements: InventoryMovement[]): Promise<Set<string>> {
    const rows: Array<{ source: string; event_id: string }> = await manager.query(
      `SELECT source, event_id FROM movements
        WHERE (source, event_id) IN (SELECT * FROM unnest($1::varchar[], $2::varchar[]))`,
      [movements.map((m) => m.source), movements.map((m) => m.eventId)],
    );
    return new Set(rows.map((r) => eventKey(r.source, r.event_id)));
  }

  private async watermarks(
    manager: EntityManager,
    movements: InventoryMovement[],
  ): Promise<Map<string, number>> {
    const rows: Array<{ source: string; sku: string; location_id: string; seq: string }> =
      await manager.query(
        `SELECT source, sku, location_id, snapshot_sequence::text AS seq FROM source_watermarks
          WHERE (sku, location_id, source) IN
                (SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[]))`,
        [
          movements.map((m) => m.sku),
          movements.map((m) => m.locationId),
          movements.map((m) => m.source),
        ],
      );
    return new Map(rows.map((r) => [sourceKey(r.source, r.sku, r.location_id), Number(r.seq)]));
  }

  /** Applied deltas above the lowest snapshot sequence of the batch, per source and position. */
  private async deltasForSnapshots(
    manager: EntityManager,
    movements: InventoryMovement[],
  ): Promise<Map<string, AppliedDelta[]>> {
    const lowest = new Map<string, InventoryMovement>();
    for (const m of movements.filter((x) => x.type === 'snapshot')) {
      const key = sourceKey(m.source, m.sku, m.locationId);
      const current = lowest.get(key);
      if (!current || m.sourceSequence < current.sourceSequence) lowest.set(key, m);
    }
    const result = new Map<string, AppliedDelta[]>();
    if (lowest.size === 0) return result;
    const snaps = [...lowest.values()];
    const rows: Array<{
      source: string;
      sku: string;
      location_id: string;
      seq: string;
      d: number;
    }> = await manager.query(
      `SELECT m.source, m.sku, m.location_id, m.source_sequence::text AS seq, m.on_hand_delta AS d
           FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::bigint[]) AS s(source, sku, location_id, seq)
           JOIN movements m ON m.source = s.source AND m.sku = s.sku AND m.location_id = s.location_id
                           AND m.source_sequence > s.seq
          WHERE m.status = 'applied' AND m.type <> 'snapshot'`,
      [
        snaps.map((m) => m.source),
        snaps.map((m) => m.sku),
        snaps.map((m) => m.locationId),
        snaps.map((m) => m.sourceSequence),
      ],
    );
    for (const r of rows) {
      const key = sourceKey(r.source, r.sku, r.location_id);
      result.set(key, [...(result.get(key) ?? []), { sequence: Number(r.seq), onHand: r.d }]);
    }
    return result;
  }
}
