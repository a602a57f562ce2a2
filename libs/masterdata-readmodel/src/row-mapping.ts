import type { LocationCapabilities, LocationType, ProductStatus } from '@retail/contracts';
import type { LocationView, ProductView } from './views';

/** Raw rows as pg returns them (bigint and numeric arrive as strings). */
export interface ProductRow {
  sku: string;
  name: string;
  gtin: string | null;
  erp_item_id: string;
  status: string;
  serial_tracked: boolean;
  lot_tracked: boolean;
  returnable: boolean;
  return_window_days: number;
  restocking_fee_percent: string;
  version: string;
}

export interface LocationRow {
  id: string;
  name: string;
  type: string;
  parent_id: string | null;
  capabilities: LocationCapabilities;
  erp_location_id: string | null;
  version: string;
}

export function toProductView(r: ProductRow): ProductView {
  return {
    sku: r.sku,
    name: r.name,
    ...(r.gtin ? { gtin: r.gtin } : {}),
    erpItemId: r.erp_item_id,
    status: r.status as ProductStatus,
    serialTracked: r.serial_tracked,
    lotTracked: r.lot_tracked,
    returnable: r.returnable,
    returnWindowDays: r.return_window_days,
    restockingFeePercent: Number(r.restocking_fee_percent),
    version: Number(r.version),
  };
}

export function toLocationView(r: LocationRow): LocationView {
  return {
    id: r.id,
    name: r.name,
    type: r.type as LocationType,
    ...(r.parent_id ? { parentId: r.parent_id } : {}),
    capabilities: r.capabilities,
    ...(r.erp_location_id ? { erpLocationId: r.erp_location_id } : {}),
    version: Number(r.version),
  };
}
