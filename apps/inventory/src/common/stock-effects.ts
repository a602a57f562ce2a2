import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { positionKey } from '../movements/domain/position-state';

export interface StockChange {
  sku: string;
  locationId: string;
  /** Change of on-hand (posted to the ERP when not from the ERP itself). */
  onHandDelta: number;
  source: string;
}

/**
 * How every writer marks a SKU dirty. A mark that already exists is locked (a no-op update),
 * never skipped with DO NOTHING: the flusher claims marks with SKIP LOCKED, so it cannot take
 * and delete this one (publishing the figure from before our commit) while our transaction is
 * open. A mark the flusher holds makes us wait, then insert a fresh one.
 */
/** Sources whose movements come from the ERP: posting them back would double count. */
const ERP_SOURCES = new Set(['erp']);

/**
 * `availability_dirty` marks for the SKUs of a jsonb array (`param`): one appended row per SKU,
 * never an upsert, so a writer never waits on the flusher claiming older marks (ADR 0033).
 */
export const markDirtySql = (param: string) =>
  `INSERT INTO availability_dirty (sku)
   SELECT DISTINCT s FROM jsonb_array_elements_text(${param}::jsonb) AS s`;

/** On-hand changes queued for the ERP batch, from a jsonb array of `{sku, location_id, delta}`. */
export const erpPendingSql = (param: string) =>
  `INSERT INTO erp_pending (sku, location_id, delta)
   SELECT r.sku, r.location_id, r.delta
     FROM jsonb_to_recordset(${param}::jsonb) AS r(sku varchar, location_id varchar, delta int)
    ORDER BY 1, 2
   ON CONFLICT (sku, location_id) DO UPDATE SET delta = erp_pending.delta + EXCLUDED.delta`;

/** The parameters of `markDirtySql` and `erpPendingSql` for a set of changes (JSON text). */
export interface StockEffectRows {
  dirty: string;
  erp: string;
  empty: boolean;
}

/**
 * What every stock change leaves behind in the same transaction: the SKU marked dirty for the
 * coalesced availability event, and the on-hand change queued for the next ERP batch.
 */
@Injectable()
export class StockEffects {
  async record(manager: EntityManager, changes: StockChange[]): Promise<void> {
    const rows = this.prepare(changes);
    if (rows.empty) return;
    // Sorted by PostgreSQL (as every other writer of the set sorts it): no deadlock.
    await manager.query(markDirtySql('$1'), [rows.dirty]);
    if (rows.erp !== '[]') await manager.query(erpPendingSql('$1'), [rows.erp]);
  }

  /** The rows `record` writes, for a writer that embeds `markDirtySql`/`erpPendingSql` itself. */
  prepare(changes: StockChange[]): StockEffectRows {
    const net = new Map<string, { sku: string; location_id: string; delta: number }>();
    for (const c of changes) {
      if (c.onHandDelta === 0 || ERP_SOURCES.has(c.source)) continue;
      const key = positionKey(c.sku, c.locationId);
      const entry = net.get(key) ?? { sku: c.sku, location_id: c.locationId, delta: 0 };
      entry.delta += c.onHandDelta;
      net.set(key, entry);
    }
    const erp = [...net.values()].filter((r) => r.delta !== 0);
    return {
      dirty: JSON.stringify([...new Set(changes.map((c) => c.sku))]),
      erp: JSON.stringify(erp),
      empty: changes.length === 0,
    };
  }
}
