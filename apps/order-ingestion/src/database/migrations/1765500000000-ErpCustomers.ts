import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ERP's customer id per buyer key (ADR 0041): the buyer is looked up or created in the ERP
 * once, later orders name the id remembered here. Written only by the ERP module
 * (ErpCustomers); keys are ids or hashes, no personal data.
 */
export class ErpCustomers1765500000000 implements MigrationInterface {
  name = 'ErpCustomers1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS erp_customers (
        external_id text PRIMARY KEY,
        erp_customer_id text NOT NULL,
        matched_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS erp_customers`);
  }
}
