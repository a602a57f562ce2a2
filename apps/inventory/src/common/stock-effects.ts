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
export const MARK_DIRTY_ON_CONFLICT =
  'ON CONFLICT (sku) DO UPDATE SET marked_at = availability_dirty.marked_at';

/** Sources whose movements come from the ERP: posting them back would double count. */
const ERP_SOURCES = new Set(['erp']);

/**
 * What every stock change leaves behind in the same transaction: the SKU marked dirty for the
 * coalesced availability event, and the on-hand change queued for the next ERP batch.
 */
@Injectable()
export class StockEffects {
  async record(manager: EntityManager, changes: StockChange[]): Promise<void> {
    if (changes.length === 0) return;
    // Sorted by PostgreSQL (as every other writer of the set sorts it): no deadlock.
    await manager.query(
      `INSERT INTO availability_dirty (sku) SELECT DISTINCT s FROM unnest($1::varchar[]) AS s
       ORDER BY 1 ${MARK_DIRTY_ON_CONFLICT}`,
      [changes.map((c) => c.sku)],
    );
    await this.queueForErp(manager, changes);
  }

  private async queueForErp(manager: EntityManager, changes: StockChange[]): Promise<void> {
    const net = new Map<string, { sku: string; locationId: string; delta: number }>();
    for (const c of changes) {
      if (c.onHandDelta === 0 || ERP_SOURCES.has(c.source)) continue;
      const key = positionKey(c.sku, c.locationId);
      const entry = net.get(key) ?? { sku: c.sku, locationId: c.locationId, delta: 0 };
      entry.delta += c.onHandDelta;
      net.set(key, entry);
    }
    const rows = [...net.values()].filter((r) => r.delta !== 0);
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO erp_pending (sku, location_id, delta)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::int[]) ORDER BY 1, 2
       ON CONFLICT (sku, location_id) DO UPDATE SET delta = erp_pending.delta + EXCLUDED.delta`,
      [rows.map((r) => r.sku), rows.map((r) => r.locationId), rows.map((r) => r.delta)],
    );
  }
}
