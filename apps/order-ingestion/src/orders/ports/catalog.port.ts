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
  abstract resolveChannelSku(channel: string, channelSku: string): Promise<string | undefined>;
  abstract getProduct(sku: string): Promise<CatalogProduct | undefined>;
  abstract onChange(listener: (change: CatalogChange) => void): void;
}
