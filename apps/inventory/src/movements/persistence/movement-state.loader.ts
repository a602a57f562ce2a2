import { Injectable } from '@nestjs/common';
import type { InventoryMovement } from '@retail/contracts';
import { EntityManager } from 'typeorm';
import { AppliedDelta, BatchState, eventKey, sourceKey } from '../domain/apply-movements';
import { PositionState } from '../domain/position-state';

/**
 * One statement for the whole batch: the events already in the ledger (`e`), the snapshot
 * watermarks (`w`) and, per (source, position) sending a snapshot, the applied deltas above the
 * lowest snapshot sequence of the batch (`d`). Parameters: $1..$4 source, eventId, sku and
 * location per movement; $5..$8 source, sku, location and sequence per lowest snapshot.
 */
const LOAD_SQL = `
  SELECT 'e' AS k, m.source, m.event_id AS ev, NULL::varchar AS sku, NULL::varchar AS loc,
         NULL::text AS seq, NULL::int AS d
    FROM movements m
   WHERE (m.source, m.event_id) IN (SELECT * FROM unnest($1::varchar[], $2::varchar[]))
  UNION ALL
  SELECT 'w', w.source, NULL, w.sku, w.location_id, w.snapshot_sequence::text, NULL
    FROM source_watermarks w
   WHERE (w.sku, w.location_id, w.source) IN
         (SELECT * FROM unnest($3::varchar[], $4::varchar[], $1::varchar[]))
  UNION ALL
  SELECT 'd', m.source, NULL, m.sku, m.location_id, m.source_sequence::text, m.on_hand_delta
    FROM unnest($5::varchar[], $6::varchar[], $7::varchar[], $8::bigint[]) AS s(source, sku, location_id, seq)
    JOIN movements m ON m.source = s.source AND m.sku = s.sku AND m.location_id = s.location_id
                    AND m.source_sequence > s.seq
   WHERE m.status = 'applied' AND m.type <> 'snapshot'`;

interface LoadRow {
  k: 'e' | 'w' | 'd';
  source: string;
  ev: string | null;
  sku: string | null;
  loc: string | null;
  seq: string | null;
  d: number | null;
}

/**
 * Loads what `applyMovements` needs about the ledger, in one statement whatever the batch size.
 * Runs after the positions are locked (a statement of its own, so that this one's snapshot sees
 * what the writers it waited for committed), and no other writer can change these rows: they
 * all lock the same positions first.
 */
@Injectable()
export class MovementStateLoader {
  async load(
    manager: EntityManager,
    movements: InventoryMovement[],
    positions: Map<string, PositionState>,
  ): Promise<BatchState> {
    const snaps = lowestSnapshots(movements);
    const rows: LoadRow[] = await manager.query(LOAD_SQL, [
      movements.map((m) => m.source),
      movements.map((m) => m.eventId),
      movements.map((m) => m.sku),
      movements.map((m) => m.locationId),
      snaps.map((m) => m.source),
      snaps.map((m) => m.sku),
      snaps.map((m) => m.locationId),
      snaps.map((m) => m.sourceSequence),
    ]);
    const seenEvents = new Set<string>();
    const watermarks = new Map<string, number>();
    const appliedDeltas = new Map<string, AppliedDelta[]>();
    for (const r of rows) {
      if (r.k === 'e') {
        seenEvents.add(eventKey(r.source, r.ev!));
        continue;
      }
      const key = sourceKey(r.source, r.sku!, r.loc!);
      if (r.k === 'w') watermarks.set(key, Number(r.seq));
      else appliedDeltas.set(key, [...(appliedDeltas.get(key) ?? []), delta(r)]);
    }
    return { positions, seenEvents, watermarks, appliedDeltas };
  }
}

const delta = (r: LoadRow): AppliedDelta => ({ sequence: Number(r.seq), onHand: r.d! });

/** The lowest snapshot of the batch per (source, sku, location). */
function lowestSnapshots(movements: InventoryMovement[]): InventoryMovement[] {
  const lowest = new Map<string, InventoryMovement>();
  for (const m of movements.filter((x) => x.type === 'snapshot')) {
    const key = sourceKey(m.source, m.sku, m.locationId);
    const current = lowest.get(key);
    if (!current || m.sourceSequence < current.sourceSequence) lowest.set(key, m);
  }
  return [...lowest.values()];
}
