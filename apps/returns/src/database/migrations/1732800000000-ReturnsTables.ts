import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Returns, their lines, the per-order-line ledger (the lock that makes partial returns
 * race-safe), the persisted workflow steps and the timeline. Raw tables, no entities: the
 * repositories speak SQL so that locks and conditional updates stay visible.
 */
export class ReturnsTables1732800000000 implements MigrationInterface {
  name = 'ReturnsTables1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE returns (
      id text PRIMARY KEY,
      order_id text NOT NULL,
      order_channel text NOT NULL,
      channel text NOT NULL,
      location_id text NOT NULL,
      resolution text NOT NULL,
      status text NOT NULL,
      currency text NOT NULL,
      customer_id text,
      order_data jsonb NOT NULL,
      exchange_lines jsonb,
      estimate jsonb NOT NULL,
      refund jsonb,
      refund_reference text,
      replacement_order_id text,
      erp_credit_memo_id text,
      approval_reasons jsonb,
      status_reason text,
      resume_status text,
      tax_basis text NOT NULL DEFAULT 'prorated',
      correlation_id text,
      received_at timestamptz,
      inspected_at timestamptz,
      version int NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX returns_order_idx ON returns (order_id)`);
    await q.query(`CREATE INDEX returns_customer_idx ON returns (customer_id, created_at)`);
    await q.query(`CREATE INDEX returns_status_idx ON returns (status)`);
    await q.query(`CREATE TABLE return_lines (
      return_id text NOT NULL REFERENCES returns(id),
      line_id text NOT NULL,
      sku text NOT NULL,
      erp_item_id text NOT NULL,
      quantity int NOT NULL CHECK (quantity > 0),
      reason_code text NOT NULL,
      serial_numbers jsonb NOT NULL DEFAULT '[]',
      lot_number text,
      unit_price bigint NOT NULL,
      discount_share bigint NOT NULL,
      tax_share bigint NOT NULL,
      pool_quantity int NOT NULL,
      pool_tax bigint NOT NULL,
      restocking_fee_percent numeric(5,2) NOT NULL,
      serial_tracked boolean NOT NULL,
      condition text,
      disposition text,
      notes text,
      PRIMARY KEY (return_id, line_id)
    )`);
    await q.query(`CREATE TABLE order_line_ledger (
      order_id text NOT NULL,
      line_id text NOT NULL,
      ordered_quantity int NOT NULL,
      discount bigint NOT NULL,
      tax bigint NOT NULL,
      allocated_quantity int NOT NULL DEFAULT 0 CHECK (allocated_quantity >= 0),
      allocated_discount bigint NOT NULL DEFAULT 0,
      allocated_tax bigint NOT NULL DEFAULT 0,
      returned_serials jsonb NOT NULL DEFAULT '[]',
      PRIMARY KEY (order_id, line_id),
      CHECK (allocated_quantity <= ordered_quantity)
    )`);
    await q.query(`CREATE TABLE order_shipping_ledger (
      order_id text PRIMARY KEY,
      shipping_total bigint NOT NULL,
      units_total int NOT NULL,
      refunded_units int NOT NULL DEFAULT 0,
      refunded_amount bigint NOT NULL DEFAULT 0
    )`);
    await q.query(`CREATE TABLE return_steps (
      return_id text NOT NULL REFERENCES returns(id),
      step text NOT NULL,
      state text NOT NULL CHECK (state IN ('waiting','pending','running','done','failed','compensated','skipped')),
      attempts int NOT NULL DEFAULT 0,
      result jsonb,
      last_error text,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (return_id, step)
    )`);
    await q.query(
      `CREATE INDEX return_steps_due_idx ON return_steps (next_attempt_at) WHERE state = 'pending'`,
    );
    await q.query(`CREATE TABLE return_timeline (
      id bigserial PRIMARY KEY,
      return_id text NOT NULL REFERENCES returns(id),
      at timestamptz NOT NULL DEFAULT now(),
      status text NOT NULL,
      event text NOT NULL,
      detail jsonb
    )`);
    await q.query(`CREATE INDEX return_timeline_return_idx ON return_timeline (return_id, id)`);
    await q.query(`CREATE TABLE refund_exceptions (
      id bigserial PRIMARY KEY,
      return_id text NOT NULL REFERENCES returns(id),
      channel text NOT NULL,
      reason text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'refund_exceptions',
      'return_timeline',
      'return_steps',
      'order_shipping_ledger',
      'order_line_ledger',
      'return_lines',
      'returns',
    ])
      await q.query(`DROP TABLE ${table}`);
  }
}
