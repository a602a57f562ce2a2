import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The order_ingestion schema. Tables are mapped with raw SQL (no entities): every write that
 * matters is an INSERT ... ON CONFLICT or a conditional UPDATE, which TypeORM's save() cannot
 * express without a read-then-write window.
 */
export class OrderIngestionTables1764200000000 implements MigrationInterface {
  name = 'OrderIngestionTables1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY,
        channel text NOT NULL,
        channel_order_id text NOT NULL,
        status text NOT NULL,
        step text NOT NULL,
        next_attempt_at timestamptz,
        lease_owner text,
        lease_until timestamptz,
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        status_reason text,
        hold_released boolean NOT NULL DEFAULT false,
        "order" jsonb NOT NULL,
        customer_id text,
        erp_external_id text NOT NULL,
        erp_state text NOT NULL DEFAULT 'not_sent',
        erp_sales_order_id text,
        correlation_id text NOT NULL,
        last_cause text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT orders_channel_order_uq UNIQUE (channel, channel_order_id)
      )`);
    await q.query(
      `CREATE INDEX orders_due_idx ON orders (next_attempt_at) WHERE next_attempt_at IS NOT NULL`,
    );
    await q.query(`CREATE INDEX orders_status_idx ON orders (status, id)`);
    await q.query(`CREATE INDEX orders_channel_idx ON orders (channel, id)`);
    await q.query(`
      CREATE TABLE order_lines (
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        line_id text NOT NULL,
        position int NOT NULL,
        sku text NOT NULL,
        channel_sku text,
        quantity int NOT NULL CHECK (quantity > 0),
        shipped_quantity int NOT NULL DEFAULT 0 CHECK (shipped_quantity >= 0),
        fulfillment_type text NOT NULL,
        location_id text,
        fulfillment_id uuid,
        reservation_id text,
        reservation_status text,
        PRIMARY KEY (order_id, line_id),
        CHECK (shipped_quantity <= quantity)
      )`);
    await q.query(`
      CREATE TABLE order_payloads (
        order_id uuid PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
        source text NOT NULL,
        content_type text,
        headers jsonb NOT NULL DEFAULT '{}',
        payload text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE order_deliveries (
        channel text NOT NULL,
        delivery_key text NOT NULL,
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (channel, delivery_key)
      )`);
    await q.query(`
      CREATE TABLE fulfillment_instructions (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        type text NOT NULL,
        location_id text,
        status text NOT NULL DEFAULT 'pending',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT fulfillment_instructions_group_uq UNIQUE NULLS NOT DISTINCT (order_id, type, location_id)
      )`);
    await q.query(`
      CREATE TABLE fulfillment_events (
        event_id text PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        type text NOT NULL,
        body jsonb NOT NULL,
        result jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE order_timeline (
        id bigserial PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        from_status text,
        to_status text NOT NULL,
        step text NOT NULL,
        cause_event_id text,
        reason text,
        transformations jsonb NOT NULL DEFAULT '[]'
      )`);
    await q.query(`CREATE INDEX order_timeline_order_idx ON order_timeline (order_id, id)`);
    await this.erpTables(q);
  }

  private async erpTables(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE erp_jobs (
        id bigserial PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        operation text NOT NULL,
        priority int NOT NULL,
        state text NOT NULL DEFAULT 'pending',
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_owner text,
        lease_until timestamptz,
        last_outcome text,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz,
        CONSTRAINT erp_jobs_order_operation_uq UNIQUE (order_id, operation)
      )`);
    await q.query(
      `CREATE INDEX erp_jobs_ready_idx ON erp_jobs (priority, next_attempt_at, id) WHERE state IN ('pending', 'in_flight')`,
    );
    // One row: the shared token bucket of ERP_MAX_RPS across replicas.
    await q.query(`
      CREATE TABLE erp_rate_limit (
        id int PRIMARY KEY CHECK (id = 1),
        tokens double precision NOT NULL,
        refilled_at timestamptz NOT NULL
      )`);
    await q.query(`INSERT INTO erp_rate_limit (id, tokens, refilled_at) VALUES (1, 0, now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'erp_rate_limit',
      'erp_jobs',
      'order_timeline',
      'fulfillment_events',
      'fulfillment_instructions',
      'order_deliveries',
      'order_payloads',
      'order_lines',
      'orders',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
