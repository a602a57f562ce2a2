import { PRODUCT_COLUMNS } from './product-row';

const RETURNING = `RETURNING ${PRODUCT_COLUMNS.split(',')
  .map((c) => `t.${c.trim()}`)
  .join(', ')}, (t.xmax = 0) AS inserted`;

/**
 * Versioned multi-row upsert (PUT, import): a row changes only when the new version is greater.
 * Rows not RETURNed were stale or unchanged. One statement per chunk, no check-then-insert.
 */
export const UPSERT_VERSIONED = `INSERT INTO product AS t (${PRODUCT_COLUMNS})
  SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[],
    $6::boolean[], $7::boolean[], $8::boolean[], $9::integer[], $10::numeric[], $11::bigint[])
  ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, gtin = EXCLUDED.gtin,
    erp_item_id = EXCLUDED.erp_item_id, status = EXCLUDED.status,
    serial_tracked = EXCLUDED.serial_tracked, lot_tracked = EXCLUDED.lot_tracked,
    returnable = EXCLUDED.returnable, return_window_days = EXCLUDED.return_window_days,
    restocking_fee_percent = EXCLUDED.restocking_fee_percent, version = EXCLUDED.version,
    updated_at = now()
  WHERE t.version < EXCLUDED.version
  ${RETURNING}`;

/**
 * ERP item-master upsert: the ERP owns name, GTIN (kept when the ERP has none), item id and
 * status; the version is ours (+1 on a real change), so re-reading a page changes nothing.
 * New products get the service defaults for what the ERP does not carry.
 */
export const UPSERT_FROM_ERP = `INSERT INTO product AS t (${PRODUCT_COLUMNS})
  SELECT u.sku, u.name, u.gtin, u.erp_item_id, u.status, false, false, true, $6::integer, 0, 1
  FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[])
    AS u(sku, name, gtin, erp_item_id, status)
  ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name,
    gtin = COALESCE(EXCLUDED.gtin, t.gtin), erp_item_id = EXCLUDED.erp_item_id,
    status = EXCLUDED.status, version = t.version + 1, updated_at = now()
  WHERE (t.name, t.gtin, t.erp_item_id, t.status) IS DISTINCT FROM
    (EXCLUDED.name, COALESCE(EXCLUDED.gtin, t.gtin), EXCLUDED.erp_item_id, EXCLUDED.status)
  ${RETURNING}`;

export const SELECT_BY_SKUS = `SELECT ${PRODUCT_COLUMNS} FROM product WHERE sku = ANY($1::varchar[])`;
