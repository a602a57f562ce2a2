/**
 * Shared limits and patterns of the v1 contracts. Changing a limit is a contract change: raise,
 * never lower, within v1.
 */

/** Longest identifier accepted anywhere (ids, SKUs, references). */
export const MAX_ID_LENGTH = 128;

/** Longest free-text field (names, reasons, notes). */
export const MAX_TEXT_LENGTH = 500;

/** Most lines on one canonical order. */
export const MAX_ORDER_LINES = 500;

/** Most tenders (`payments[]`) on one canonical order. */
export const MAX_TENDERS = 50;

/** Most movements in one batch (HTTP body or JetStream message). */
export const MAX_MOVEMENT_BATCH = 1000;

/** Most SKUs in one `POST /v1/availability:query`. */
export const MAX_AVAILABILITY_QUERY_SKUS = 1000;

/** Most reservations in one `POST /v1/reservations:batch`. */
export const MAX_RESERVATION_BATCH = 500;

/** Most entries in one `POST /v1/customers:match-batch`. */
export const MAX_CUSTOMER_MATCH_BATCH = 500;

/** Most serial numbers on one line. */
export const MAX_SERIALS_PER_LINE = 1000;

/**
 * Channel names: lowercase token (`shopify`, `amazon`, `adobe-commerce`, `pos` ...). Free-form so
 * a new channel needs no contract change, but safe for subjects, keys and URLs.
 */
export const CHANNEL_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** A UUID as PostgreSQL's `uuid` type reads it (ids and keyset cursors built from them). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * ISO 8601 date-time with an explicit offset (`Z` or `+hh:mm`). A date alone or a local time is
 * ambiguous across stores in different time zones, so it is refused.
 */
export const TIMESTAMP_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** GTIN-8, -12, -13 or -14 (digits only; check digit verified by master-data). */
export const GTIN_PATTERN = /^(\d{8}|\d{12,14})$/;

/** Channels the platform ships adapters for (informative: channels are not limited to these). */
export const KNOWN_CHANNELS = [
  'shopify',
  'amazon',
  'adobe-commerce',
  'bigcommerce',
  'salesforce-commerce',
  'square',
  'pos',
  'web',
] as const;

/**
 * Largest quantity one line, movement or reservation may carry. Far above any real line, far
 * below PostgreSQL's int range, so an absurd number is a 422, never a database overflow.
 */
export const MAX_QUANTITY = 1_000_000;

/** Largest stock count (snapshot, on-hand) accepted: fits a PostgreSQL int column. */
export const MAX_COUNT = 1_000_000_000;

/** Largest amount in minor units: what a JSON number holds exactly (bigint columns). */
export const MAX_MINOR_AMOUNT = Number.MAX_SAFE_INTEGER;
