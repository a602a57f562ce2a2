import { Inject, Injectable } from '@nestjs/common';
import { BackofficeError, type ErpAdapter } from '@retail/backoffice-adapters';
import { ProblemException } from '@retail/platform-http';
import { DataSource } from 'typeorm';
import { positionKey } from '../movements/domain/position-state';
import { ERP_ADAPTER } from './erp-adapter.provider';
import { ErpItemMapper } from './erp-item-mapper';

export interface DriftLine {
  sku: string;
  locationId: string;
  erpItemId: string;
  erpLocationId: string;
  onHand: number;
  /** Our changes not yet accepted by the ERP (open window and unposted batches). */
  unposted: number;
  erpOnHand: number;
  /** onHand - unposted - erpOnHand: what neither side can explain. */
  drift: number;
}

export interface ReconciliationReport {
  checkedAt: string;
  positions: number;
  drifting: number;
  items: DriftLine[];
}

/** Compares the ERP's on-hand with ours per SKU and location (ERP ids via master data). */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly db: DataSource,
    private readonly mapper: ErpItemMapper,
    @Inject(ERP_ADAPTER) private readonly erp: ErpAdapter,
  ) {}

  async report(filter: { sku?: string; locationId?: string }): Promise<ReconciliationReport> {
    const ours = await this.ours(filter);
    const keys = await this.mapper.map(ours);
    const [wanted] = await this.mapper.map([
      { sku: filter.sku ?? '', locationId: filter.locationId ?? '' },
    ]);
    const erpFilter = {
      ...(filter.sku ? { itemId: wanted.itemId } : {}),
      ...(filter.locationId ? { locationId: wanted.locationId } : {}),
    };
    const erpRows = await this.erpOnHand(erpFilter);
    const erp = new Map(erpRows.map((r) => [positionKey(r.itemId, r.locationId), r.onHand]));
    const items: DriftLine[] = ours.map((o, i) => {
      const k = positionKey(keys[i].itemId, keys[i].locationId);
      const erpOnHand = erp.get(k) ?? 0;
      erp.delete(k);
      const line = {
        ...o,
        erpItemId: keys[i].itemId,
        erpLocationId: keys[i].locationId,
        erpOnHand,
      };
      return { ...line, drift: o.onHand - o.unposted - erpOnHand };
    });
    for (const [k, erpOnHand] of erp) {
      const [itemId, locationId] = k.split('\u001f');
      items.push({
        sku: itemId,
        locationId,
        erpItemId: itemId,
        erpLocationId: locationId,
        onHand: 0,
        unposted: 0,
        erpOnHand,
        drift: -erpOnHand,
      });
    }
    const drifting = items.filter((d) => d.drift !== 0).length;
    return { checkedAt: new Date().toISOString(), positions: ours.length, drifting, items };
  }

  /** The ERP busy, throttling or down is a dependency failure: 503, retry later. */
  private async erpOnHand(filter: { itemId?: string; locationId?: string }) {
    try {
      return await this.erp.getOnHand(filter, { correlationId: `reconcile-${Date.now()}` });
    } catch (error) {
      if (error instanceof BackofficeError && error.retryable)
        throw new ProblemException(503, 'erp-unavailable', `ERP on-hand: ${error.message}`);
      throw error;
    }
  }

  private async ours(filter: { sku?: string; locationId?: string }) {
    const rows: Array<{ sku: string; location_id: string; on_hand: number; unposted: number }> =
      await this.db.query(
        `SELECT p.sku, p.location_id, p.on_hand,
                (COALESCE((SELECT delta FROM erp_pending e WHERE e.sku = p.sku AND e.location_id = p.location_id), 0)
                 + COALESCE((SELECT sum((l->>'quantityDelta')::int) FROM erp_batches b, jsonb_array_elements(b.lines) l
                              WHERE b.status = 'pending' AND l->>'sku' = p.sku AND l->>'ourLocationId' = p.location_id), 0))::int AS unposted
           FROM positions p
          WHERE ($1::varchar IS NULL OR p.sku = $1) AND ($2::varchar IS NULL OR p.location_id = $2)
          ORDER BY p.sku, p.location_id`,
        [filter.sku ?? null, filter.locationId ?? null],
      );
    return rows.map((r) => ({
      sku: r.sku,
      locationId: r.location_id,
      onHand: r.on_hand,
      unposted: r.unposted,
    }));
  }
}
