import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The order pipeline and the ERP queue move onto the platform's durable-work table (`jobs`,
 * created by JobsTables1765000000000 just before): due orders become `orders` jobs, open ERP jobs
 * become `erp` jobs, and the home-made queue columns and table go. Orders gain what the
 * pipeline now honours: holds set at intake, and non-stock lines (no SKU).
 */
export class OrderPipelineOnJobs1765000000001 implements MigrationInterface {
  name = 'OrderPipelineOnJobs1765000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders ADD COLUMN ingest_holds jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await q.query(`ALTER TABLE order_lines ALTER COLUMN sku DROP NOT NULL,
      ADD COLUMN kind text NOT NULL DEFAULT 'stock', ADD COLUMN title text`);
    await q.query(`INSERT INTO jobs (queue, key, run_at)
      SELECT 'orders', id::text, next_attempt_at FROM orders WHERE next_attempt_at IS NOT NULL`);
    await q.query(`INSERT INTO jobs (queue, key, payload, priority, run_at, attempts)
      SELECT 'erp', order_id || ':' || operation,
             jsonb_build_object('orderId', order_id, 'operation', operation),
             priority, next_attempt_at, attempts
        FROM erp_jobs WHERE state IN ('pending', 'in_flight')`);
    await q.query(`DROP TABLE erp_jobs`);
    await q.query(`ALTER TABLE orders DROP COLUMN next_attempt_at, DROP COLUMN lease_owner,
      DROP COLUMN lease_until, DROP COLUMN attempts, DROP COLUMN last_error`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders ADD COLUMN next_attempt_at timestamptz,
      ADD COLUMN lease_owner text, ADD COLUMN lease_until timestamptz,
      ADD COLUMN attempts int NOT NULL DEFAULT 0, ADD COLUMN last_error text`);
    await q.query(
      `CREATE INDEX orders_due_idx ON orders (next_attempt_at) WHERE next_attempt_at IS NOT NULL`,
    );
    await q.query(`UPDATE orders o SET next_attempt_at = j.run_at FROM jobs j
      WHERE j.queue = 'orders' AND j.key = o.id::text`);
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
    await q.query(`INSERT INTO erp_jobs (order_id, operation, priority, next_attempt_at, attempts)
      SELECT (payload->>'orderId')::uuid, payload->>'operation', priority, run_at, attempts
        FROM jobs WHERE queue = 'erp'`);
    await q.query(`DELETE FROM jobs WHERE queue IN ('orders', 'erp')`);
    await q.query(`DELETE FROM order_lines WHERE sku IS NULL`);
    await q.query(`ALTER TABLE order_lines ALTER COLUMN sku SET NOT NULL,
      DROP COLUMN kind, DROP COLUMN title`);
    await q.query(`ALTER TABLE orders DROP COLUMN ingest_holds`);
  }
}
