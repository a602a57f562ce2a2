/** What the pipeline needs to know about a product (from the master-data read model). */
export interface CatalogProduct {
  sku: string;
  erpItemId: string;
  status: string;
}

export interface CatalogChange {
  entity: 'product' | 'location' | 'channel-mapping';
  key: string;
}

/**
 * The local copy of master data (products, channel SKU mappings), kept from
 * `retail.masterdata.v1.*.changed` events so ingestion keeps working while master-data is down.
 * Implemented by `MasterDataReadModel` from @retail/masterdata-readmodel.
 */
export abstract class CatalogPort {
  /** The known products among `skus`, keyed by SKU, in one read. */
  abstract getProducts(skus: readonly string[]): Promise<Map<string, CatalogProduct>>;
  /** Canonical SKUs for what a channel sent (mapping first, else a known SKU), in one read. */
  abstract resolveSkus(channel: string, given: readonly string[]): Promise<Map<string, string>>;
  abstract onChange(listener: (change: CatalogChange) => void): void;
}
