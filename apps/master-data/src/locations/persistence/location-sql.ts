import type { Location, LocationType } from '@retail/contracts';

export interface LocationRow {
  id: string;
  name: string;
  type: string;
  parent_id: string | null;
  capabilities: Location['capabilities'];
  erp_location_id: string | null;
  version: string;
  inserted?: boolean;
}

const COLUMNS = 'id, name, type, parent_id, capabilities, erp_location_id, version';

/** Conditional upsert: applies only with a greater version; no row back = stale. */
export const UPSERT_LOCATION = `INSERT INTO location AS t (${COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type,
    parent_id = EXCLUDED.parent_id, capabilities = EXCLUDED.capabilities,
    erp_location_id = EXCLUDED.erp_location_id, version = EXCLUDED.version, updated_at = now()
  WHERE t.version < EXCLUDED.version
  RETURNING (t.xmax = 0) AS inserted`;

/** `$1` and its ancestors, root first; empty when `$1` does not exist. */
export const ANCESTRY = `WITH RECURSIVE up(id, parent_id, depth) AS (
    SELECT id, parent_id, 0 FROM location WHERE id = $1
    UNION ALL
    SELECT l.id, l.parent_id, up.depth + 1 FROM location l JOIN up ON l.id = up.parent_id
    WHERE up.depth < 10000
  ) SELECT id FROM up ORDER BY depth DESC`;

/** `$1` and every descendant. */
export const SUBTREE = `WITH RECURSIVE down(id) AS (
    SELECT id FROM location WHERE id = $1
    UNION
    SELECT l.id FROM location l JOIN down ON l.parent_id = down.id
  ) SELECT id FROM down ORDER BY id`;

export const SELECT_LOCATION = `SELECT ${COLUMNS} FROM location WHERE id = $1`;

export function rowToLocation(row: LocationRow): Location {
  return {
    name: row.name,
    type: row.type as LocationType,
    ...(row.parent_id ? { parentId: row.parent_id } : {}),
    capabilities: row.capabilities,
    ...(row.erp_location_id ? { erpLocationId: row.erp_location_id } : {}),
    version: Number(row.version),
  };
}
