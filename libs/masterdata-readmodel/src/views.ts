import type { LocationCapabilities, LocationType, ProductStatus } from '@retail/contracts';

/** A product as the local read model holds it (from `retail.masterdata.v1.product.changed`). */
export interface ProductView {
  sku: string;
  name: string;
  gtin?: string;
  erpItemId: string;
  status: ProductStatus;
  serialTracked: boolean;
  lotTracked: boolean;
  returnable: boolean;
  returnWindowDays: number;
  restockingFeePercent: number;
  version: number;
}

/** A location as the local read model holds it (from `retail.masterdata.v1.location.changed`). */
export interface LocationView {
  id: string;
  name: string;
  type: LocationType;
  parentId?: string;
  capabilities: LocationCapabilities;
  erpLocationId?: string;
  version: number;
}

/** Which read-model entity a change was applied to. */
export type ReadModelEntity = 'product' | 'location' | 'channel-mapping';

/** Told to `onChange` listeners after a newer version was stored (`key` = sku, id, `channel/channelSku`). */
export interface ReadModelChange {
  entity: ReadModelEntity;
  key: string;
}

export type ReadModelListener = (change: ReadModelChange) => void;
