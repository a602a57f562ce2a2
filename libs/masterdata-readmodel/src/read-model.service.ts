import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toLocationView, toProductView, type LocationRow, type ProductRow } from './row-mapping';
import type { LocationView, ProductView, ReadModelChange, ReadModelListener } from './views';

const PRODUCT_COLUMNS = `sku, name, gtin, erp_item_id, status, serial_tracked, lot_tracked,
  returnable, return_window_days, restocking_fee_percent, version`;
const LOCATION_COLUMNS = 'id, name, type, parent_id, capabilities, erp_location_id, version';

// UNION (not UNION ALL) de-duplicates, so even a cycle in bad data cannot loop forever.
const SUBTREE = `WITH RECURSIVE sub(id) AS (
    SELECT $1::varchar
    UNION
    SELECT l.id FROM readmodel_location l JOIN sub ON l.parent_id = sub.id
  ) SELECT id FROM sub`;

/**
 * Local, eventually consistent copy of master data (products, locations, channel mappings) kept
 * from master-data's events, so the service keeps answering while master-data is down.
 */
@Injectable()
export class MasterDataReadModel {
  private readonly logger = new Logger(MasterDataReadModel.name);
  private readonly listeners = new Set<ReadModelListener>();

  constructor(private readonly db: DataSource) {}

  async getProduct(sku: string): Promise<ProductView | undefined> {
    const rows: ProductRow[] = await this.db.query(
      `SELECT ${PRODUCT_COLUMNS} FROM readmodel_product WHERE sku = $1`,
      [sku],
    );
    return rows[0] ? toProductView(rows[0]) : undefined;
  }

  /** The known products among `skus`, keyed by SKU (unknown SKUs are absent). */
  async getProducts(skus: readonly string[]): Promise<Map<string, ProductView>> {
    if (skus.length === 0) return new Map();
    const rows: ProductRow[] = await this.db.query(
      `SELECT ${PRODUCT_COLUMNS} FROM readmodel_product WHERE sku = ANY($1::varchar[])`,
      [[...new Set(skus)]],
    );
    return new Map(rows.map((r) => [r.sku, toProductView(r)]));
  }

  async getLocation(id: string): Promise<LocationView | undefined> {
    const rows: LocationRow[] = await this.db.query(
      `SELECT ${LOCATION_COLUMNS} FROM readmodel_location WHERE id = $1`,
      [id],
    );
    return rows[0] ? toLocationView(rows[0]) : undefined;
  }

  /** `locationId` itself and every descendant, at any depth. */
  async subtreeOf(locationId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(SUBTREE, [locationId]);
    return rows.map((r) => r.id);
  }

  /** The canonical SKU a channel SKU maps to, if a mapping is known. */
  async resolveChannelSku(channel: string, channelSku: string): Promise<string | undefined> {
    const rows: Array<{ sku: string }> = await this.db.query(
      'SELECT sku FROM readmodel_channel_mapping WHERE channel = $1 AND channel_sku = $2',
      [channel, channelSku],
    );
    return rows[0]?.sku;
  }

  /**
   * For each SKU a channel sent, the product it stands for, in one statement: the channel's
   * mapping when it names a known product, else the value itself when it is a known product
   * (absent from the map: neither).
   */
  async resolveSkus(channel: string, given: readonly string[]): Promise<Map<string, string>> {
    if (given.length === 0) return new Map();
    const rows: Array<{ given: string; sku: string | null }> = await this.db.query(
      `SELECT g.given, coalesce(pm.sku, pg.sku) AS sku
         FROM unnest($2::varchar[]) AS g(given)
         LEFT JOIN readmodel_channel_mapping m ON m.channel = $1 AND m.channel_sku = g.given
         LEFT JOIN readmodel_product pm ON pm.sku = m.sku
         LEFT JOIN readmodel_product pg ON pg.sku = g.given`,
      [channel, [...new Set(given)]],
    );
    return new Map(rows.filter((r) => r.sku !== null).map((r) => [r.given, r.sku!]));
  }

  /**
   * The other way round (outbound to a channel): every channel SKU mapped to each of `skus`
   * (a SKU without a mapping is absent: the channel knows it by the canonical SKU).
   */
  async channelSkusOf(channel: string, skus: readonly string[]): Promise<Map<string, string[]>> {
    if (skus.length === 0) return new Map();
    const rows: Array<{ sku: string; channel_sku: string }> = await this.db.query(
      `SELECT sku, channel_sku FROM readmodel_channel_mapping
        WHERE channel = $1 AND sku = ANY($2::varchar[]) ORDER BY sku, channel_sku`,
      [channel, [...new Set(skus)]],
    );
    const bySku = new Map<string, string[]>();
    for (const r of rows) bySku.set(r.sku, [...(bySku.get(r.sku) ?? []), r.channel_sku]);
    return bySku;
  }

  /** Called after each applied (newer) change; returns an unsubscribe function. */
  onChange(listener: ReadModelListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Used by the read-model consumers once a change is committed. */
  notify(change: ReadModelChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        // A listener's bug must not make the consumer redeliver an already applied event.
        this.logger.warn({ err, change }, 'read-model change listener failed');
      }
    }
  }
}
