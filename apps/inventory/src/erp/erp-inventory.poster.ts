import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { ErpAdapter, ErpInventoryAdjustmentLine } from '@retail/backoffice-adapters';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Periodic } from '../common/periodic';
import { rowsOf } from '@retail/platform-persistence';
import type { InventoryConfig } from '../config/env';
import { ERP_ADAPTER } from './erp-adapter.provider';
import { ErpItemMapper } from './erp-item-mapper';

interface BatchLine extends ErpInventoryAdjustmentLine {
  sku: string;
  ourLocationId: string;
}

/**
 * Posts on-hand changes to the ERP in aggregated batches: every ERP_POST_INTERVAL_MS the net
 * delta per SKU and location is cut into a batch row (same transaction as clearing the
 * window), then posted under the batch id. The ERP upserts by that id, so a batch retried after
 * a timeout or a crash is applied once. Batches post in creation order; a failing one holds
 * the later ones back and is retried on the next tick.
 */
@Injectable()
export class ErpInventoryPoster implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly periodic: Periodic;
  private readonly logger = new Logger('ErpInventoryPoster');

  constructor(
    private readonly db: DataSource,
    private readonly mapper: ErpItemMapper,
    @Inject(ERP_ADAPTER) private readonly erp: ErpAdapter,
    @Inject(SERVICE_CONFIG) config: InventoryConfig,
  ) {
    this.periodic = new Periodic('erp-posting', () => this.run(), config.env.ERP_POST_INTERVAL_MS);
  }

  onApplicationBootstrap(): void {
    this.periodic.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.periodic.stop();
  }

  /** Closes the current window and posts every pending batch; returns the batches posted. */
  async run(): Promise<number> {
    await this.cut();
    return this.postPending();
  }

  async cut(): Promise<string | undefined> {
    return this.db.transaction(async (manager) => {
      const rows = rowsOf<{ sku: string; location_id: string; delta: number }>(
        await manager.query(
          // Locked in (sku, location) order, the order writers upsert in: no deadlock.
          `DELETE FROM erp_pending WHERE (sku, location_id) IN (
             SELECT sku, location_id FROM erp_pending ORDER BY sku, location_id FOR UPDATE)
           RETURNING sku, location_id, delta`,
        ),
      );
      const net = rows
        .filter((r) => r.delta !== 0)
        .sort((a, b) => (a.sku + a.location_id).localeCompare(b.sku + b.location_id));
      if (net.length === 0) return undefined;
      const keys = await this.mapper.map(
        net.map((r) => ({ sku: r.sku, locationId: r.location_id })),
      );
      const lines: BatchLine[] = net.map((r, i) => ({
        itemId: keys[i].itemId,
        locationId: keys[i].locationId,
        quantityDelta: r.delta,
        sku: r.sku,
        ourLocationId: r.location_id,
      }));
      const id = uuidv7();
      await manager.query(
        `INSERT INTO erp_batches (id, lines, status) VALUES ($1, $2::jsonb, 'pending')`,
        [id, JSON.stringify(lines)],
      );
      return id;
    });
  }

  private async postPending(): Promise<number> {
    let posted = 0;
    for (;;) {
      const outcome = await this.db.transaction(async (manager) => {
        const [batch]: Array<{ id: string; lines: BatchLine[]; created_at: Date }> =
          await manager.query(
            `SELECT id, lines, created_at FROM erp_batches WHERE status = 'pending'
              ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
          );
        return batch ? this.post(manager, batch) : 'none';
      });
      // A failure stops the run: later batches wait so the ERP sees them in order.
      if (outcome !== 'posted') return posted;
      posted++;
    }
  }

  private async post(
    manager: EntityManager,
    batch: { id: string; lines: BatchLine[]; created_at: Date },
  ): Promise<'posted' | 'failed'> {
    try {
      await this.erp.postInventoryAdjustments(
        {
          batchId: `inv-${batch.id}`,
          adjustmentDate: batch.created_at.toISOString().slice(0, 10),
          memo: `retail inventory batch ${batch.id}`,
          lines: batch.lines.map(({ itemId, locationId, quantityDelta }) => ({
            itemId,
            locationId,
            quantityDelta,
          })),
        },
        { correlationId: `erp-batch-${batch.id}` },
      );
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      // The ERP refused the batch itself (unknown item or location): retrying cannot help and
      // must not hold back later batches; reconciliation shows the drift it leaves.
      const rejected = (err as { retryable?: boolean }).retryable === false;
      this.logger.warn(
        `ERP batch ${batch.id} ${rejected ? 'rejected' : 'not posted, will retry'}: ${reason}`,
      );
      await manager.query(
        `UPDATE erp_batches SET attempts = attempts + 1, last_error = $2,
                status = CASE WHEN $3 THEN 'rejected' ELSE status END WHERE id = $1`,
        [batch.id, reason, rejected],
      );
      return rejected ? 'posted' : 'failed';
    }
    await manager.query(
      `UPDATE erp_batches SET status = 'posted', posted_at = now(), attempts = attempts + 1,
              last_error = NULL WHERE id = $1`,
      [batch.id],
    );
    return 'posted';
  }
}
