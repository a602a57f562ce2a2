import type { Product, ProductStatus } from '@retail/contracts';

/** A `product` row as RETURNING/SELECT gives it (bigint and numeric arrive as strings). */
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
  inserted?: boolean;
}

export const PRODUCT_COLUMNS = `sku, name, gtin, erp_item_id, status, serial_tracked, lot_tracked,
  returnable, return_window_days, restocking_fee_percent, version`;

export function rowToProduct(row: ProductRow): Product {
  return {
    name: row.name,
    ...(row.gtin ? { gtin: row.gtin } : {}),
    erpItemId: row.erp_item_id,
    status: row.status as ProductStatus,
    serialTracked: row.serial_tracked,
    lotTracked: row.lot_tracked,
    returnable: row.returnable,
    returnWindowDays: row.return_window_days,
    restockingFeePercent: Number(row.restocking_fee_percent),
    version: Number(row.version),
  };
}

/** Same content (every field but the version). */
export function sameContent(a: Product, b: Product): boolean {
  return (
    a.name === b.name &&
    (a.gtin ?? null) === (b.gtin ?? null) &&
    a.erpItemId === b.erpItemId &&
    a.status === b.status &&
    a.serialTracked === b.serialTracked &&
    a.lotTracked === b.lotTracked &&
    a.returnable === b.returnable &&
    a.returnWindowDays === b.returnWindowDays &&
    a.restockingFeePercent === b.restockingFeePercent
  );
}
