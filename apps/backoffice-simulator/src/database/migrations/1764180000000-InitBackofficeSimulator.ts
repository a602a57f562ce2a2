import { MigrationInterface, QueryRunner } from 'typeorm';

/** Table names are unqualified: the connection's search_path is the simulator's schema. */
export class InitBackofficeSimulator1764180000000 implements MigrationInterface {
  name = 'InitBackofficeSimulator1764180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES_IN_DROP_ORDER)
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}

/** ERP transactions share a shape: keyed by external id, repeats counted, body kept as sent. */
const erpTransactionTable = (table: string) => `
  CREATE TABLE ${table} (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    external_id text NOT NULL UNIQUE,
    created_from text,
    line_count integer NOT NULL,
    body jsonb NOT NULL,
    correlation_id text,
    repeat_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`;

const UP = [
  `CREATE TABLE sales_order (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    external_id text NOT NULL UNIQUE,
    entity_id text NOT NULL,
    tran_date date NOT NULL,
    currency text NOT NULL,
    location_id text,
    status text NOT NULL DEFAULT 'pendingFulfillment',
    line_count integer NOT NULL,
    body jsonb NOT NULL,
    correlation_id text,
    repeat_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE sales_order_cancellation (
    sales_order_id bigint PRIMARY KEY REFERENCES sales_order (id) ON DELETE CASCADE,
    external_id text NOT NULL,
    correlation_id text,
    repeat_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  erpTransactionTable('return_authorization'),
  erpTransactionTable('credit_memo'),
  erpTransactionTable('inventory_adjustment'),
  `CREATE TABLE item (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    item_id text NOT NULL UNIQUE,
    display_name text NOT NULL,
    upc_code text,
    base_price numeric(18, 4),
    currency text,
    is_inactive boolean NOT NULL DEFAULT false,
    last_modified timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE on_hand (
    item_id text NOT NULL,
    location_id text NOT NULL,
    quantity integer NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, location_id)
  )`,
  `CREATE TABLE wms_request (
    id uuid PRIMARY KEY,
    kind text NOT NULL,
    request_id text NOT NULL,
    body jsonb NOT NULL,
    status text NOT NULL,
    ship_due_at timestamptz,
    shipped_at timestamptz,
    correlation_id text,
    duplicate_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kind, request_id)
  )`,
  `CREATE INDEX wms_request_due_idx ON wms_request (ship_due_at) WHERE status = 'accepted'`,
  `CREATE TABLE wms_shipment (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id uuid NOT NULL UNIQUE,
    wms_request_id uuid NOT NULL UNIQUE REFERENCES wms_request (id) ON DELETE CASCADE,
    payload jsonb NOT NULL,
    callback_url text,
    callback_headers jsonb,
    callback_body jsonb,
    callback_status text,
    callback_attempts integer NOT NULL DEFAULT 0,
    next_callback_at timestamptz,
    last_callback_error text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX wms_shipment_callback_idx ON wms_shipment (next_callback_at) WHERE callback_status = 'pending'`,
  `CREATE TABLE refund (
    id uuid PRIMARY KEY,
    idempotency_key text NOT NULL UNIQUE,
    request_hash text NOT NULL,
    payment_reference text NOT NULL,
    amount bigint NOT NULL,
    currency text NOT NULL,
    status text NOT NULL,
    failure_reason text,
    response jsonb NOT NULL,
    correlation_id text,
    duplicate_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE tax_quote (
    id uuid PRIMARY KEY,
    request jsonb NOT NULL,
    response jsonb NOT NULL,
    correlation_id text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE call_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    system text NOT NULL,
    method text NOT NULL,
    path text NOT NULL,
    status integer NOT NULL,
    correlation_id text,
    duration_ms integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX call_log_correlation_idx ON call_log (correlation_id)`,
];

/** Also the truncate list of POST /admin/reset (`charge` comes from a later migration). */
export const TABLES_IN_DROP_ORDER = [
  'charge',
  'call_log',
  'tax_quote',
  'refund',
  'wms_shipment',
  'wms_request',
  'on_hand',
  'item',
  'inventory_adjustment',
  'credit_memo',
  'return_authorization',
  'sales_order_cancellation',
  'sales_order',
];
