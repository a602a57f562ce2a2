import {
  LOCATION_TYPES,
  LocationCapabilities,
  PRODUCT_STATUSES,
  ProductImportLineResult,
} from '@retail/contracts';
import { OpenApi } from '@retail/platform-http';

// Response schemas of master data's resources (what the routes answer), for their documentation.
const { array, boolean, dateTime, integer, nullable, number, object, oneOf, ref, string } = OpenApi;

/** Contract classes the schemas refer to (for `@ApiExtraModels`). */
export const RESPONSE_MODELS = [LocationCapabilities, ProductImportLineResult];

/** A product as stored: the contract's fields and its SKU. */
export const PRODUCT_SCHEMA = object(
  {
    sku: string(),
    name: string(),
    erpItemId: string(),
    status: oneOf(PRODUCT_STATUSES),
    serialTracked: boolean(),
    lotTracked: boolean(),
    returnable: boolean(),
    returnWindowDays: integer({ minimum: 0 }),
    restockingFeePercent: number({ minimum: 0, maximum: 100 }),
    version: integer({ minimum: 0 }),
  },
  { gtin: string() },
);

/** A location as stored: the contract's fields, its id and its ancestors (root first). */
export const LOCATION_SCHEMA = object(
  {
    id: string(),
    name: string(),
    type: oneOf(LOCATION_TYPES),
    capabilities: ref(LocationCapabilities),
    version: integer({ minimum: 0 }),
    ancestorIds: array(string(), { description: 'Root first; empty for a root' }),
  },
  { parentId: string(), erpLocationId: string() },
);

/** A channel SKU mapping as stored. */
export const MAPPING_SCHEMA = object({
  channel: string(),
  channelSku: string(),
  sku: string({ description: 'The canonical SKU' }),
  version: integer({ minimum: 0 }),
});

const SUMMARY = object(
  Object.fromEntries(
    ['lines', 'created', 'updated', 'unchanged', 'stale', 'invalid', 'durationMs'].map((k) => [
      k,
      integer({ minimum: 0 }),
    ]),
  ),
);

/** `POST /v1/products:import`: counts per outcome and one result per line. */
export const IMPORT_REPORT_SCHEMA = object({
  summary: SUMMARY,
  results: array(ref(ProductImportLineResult)),
});

/** `POST /v1/sync/erp`: what this call applied and the run's totals. */
export const SYNC_REPORT_SCHEMA = object({
  runId: string({ format: 'uuid' }),
  status: oneOf(['completed', 'paused'], { description: 'paused: stopped after maxPages' }),
  resumed: boolean(),
  pages: integer({ minimum: 0, description: 'Pages applied by this call' }),
  items: integer({ minimum: 0, description: 'Items applied by this call' }),
  totalPages: integer({ minimum: 0, description: 'Pages applied by the run so far' }),
  totalItems: integer({ minimum: 0, description: 'Items applied by the run so far' }),
  summary: SUMMARY,
  problems: array(ref(ProductImportLineResult), { description: 'Lines not applied, ≤ 1000' }),
});

/** `GET /v1/sync/erp`: the stored state (`idle` and nothing else before the first run). */
export const SYNC_STATE_SCHEMA = object(
  { name: string(), status: oneOf(['idle', 'running', 'paused', 'completed', 'failed']) },
  {
    runId: nullable(string({ format: 'uuid' })),
    hasCursor: boolean({ description: 'A paused or interrupted run resumes from it' }),
    pages: integer({ minimum: 0 }),
    items: integer({ minimum: 0 }),
    startedAt: nullable(dateTime()),
    completedAt: nullable(dateTime()),
    lastError: nullable(string()),
    updatedAt: dateTime(),
  },
);
