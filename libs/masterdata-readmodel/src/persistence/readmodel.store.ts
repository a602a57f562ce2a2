import { Injectable } from '@nestjs/common';
import type {
  ChannelMappingChangedEvent,
  LocationChangedEvent,
  ProductChangedEvent,
} from '@retail/contracts';
import { DataSource } from 'typeorm';

// Each upsert is conditional: a row only moves to a higher version, so an old or repeated event
// (redelivery, replay, out-of-order partition) never overwrites a newer one. RETURNING tells
// whether the event was applied.
const UPSERT_PRODUCT = `INSERT INTO readmodel_product AS t (sku, name, gtin, erp_item_id, status,
    serial_tracked, lot_tracked, returnable, return_window_days, restocking_fee_percent, version,
    changed_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
  ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, gtin = EXCLUDED.gtin,
    erp_item_id = EXCLUDED.erp_item_id, status = EXCLUDED.status,
    serial_tracked = EXCLUDED.serial_tracked, lot_tracked = EXCLUDED.lot_tracked,
    returnable = EXCLUDED.returnable, return_window_days = EXCLUDED.return_window_days,
    restocking_fee_percent = EXCLUDED.restocking_fee_percent, version = EXCLUDED.version,
    changed_at = EXCLUDED.changed_at, applied_at = now()
  WHERE t.version < EXCLUDED.version
  RETURNING sku`;

const UPSERT_LOCATION = `INSERT INTO readmodel_location AS t (id, name, type, parent_id,
    capabilities, erp_location_id, ancestor_ids, version, changed_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type,
    parent_id = EXCLUDED.parent_id, capabilities = EXCLUDED.capabilities,
    erp_location_id = EXCLUDED.erp_location_id, ancestor_ids = EXCLUDED.ancestor_ids,
    version = EXCLUDED.version, changed_at = EXCLUDED.changed_at, applied_at = now()
  WHERE t.version < EXCLUDED.version
  RETURNING id`;

// 1.0 mapping events carry no version (stored as 0): those are ordered by changed_at.
const UPSERT_MAPPING = `INSERT INTO readmodel_channel_mapping AS t (channel, channel_sku, sku,
    version, changed_at)
  VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (channel, channel_sku) DO UPDATE SET sku = EXCLUDED.sku,
    version = EXCLUDED.version, changed_at = EXCLUDED.changed_at, applied_at = now()
  WHERE t.version < EXCLUDED.version
     OR (t.version = EXCLUDED.version AND t.changed_at < EXCLUDED.changed_at
         AND EXCLUDED.version = 0)
  RETURNING channel`;

/** Writes events into the read-model tables; returns whether the event was newer. */
@Injectable()
export class ReadModelStore {
  constructor(private readonly db: DataSource) {}

  async applyProduct(e: ProductChangedEvent): Promise<boolean> {
    const p = e.product;
    const rows: unknown[] = await this.db.query(UPSERT_PRODUCT, [
      e.sku,
      p.name,
      p.gtin ?? null,
      p.erpItemId,
      p.status,
      p.serialTracked,
      p.lotTracked,
      p.returnable,
      p.returnWindowDays,
      p.restockingFeePercent,
      p.version,
      e.changedAt,
    ]);
    return rows.length > 0;
  }

  async applyLocation(e: LocationChangedEvent): Promise<boolean> {
    const l = e.location;
    const rows: unknown[] = await this.db.query(UPSERT_LOCATION, [
      e.locationId,
      l.name,
      l.type,
      l.parentId ?? null,
      JSON.stringify(l.capabilities),
      l.erpLocationId ?? null,
      e.ancestorIds,
      l.version,
      e.changedAt,
    ]);
    return rows.length > 0;
  }

  async applyChannelMapping(e: ChannelMappingChangedEvent): Promise<boolean> {
    const rows: unknown[] = await this.db.query(UPSERT_MAPPING, [
      e.channel,
      e.channelSku,
      e.sku,
      e.version ?? 0,
      e.changedAt,
    ]);
    return rows.length > 0;
  }
}
