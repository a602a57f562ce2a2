import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ERP's concurrency and rate are the account governor's (schema `erp_governor`, shared by
 * every service calling the ERP): order-ingestion's own token bucket goes.
 */
export class ErpLimitToGovernor1765100000000 implements MigrationInterface {
  name = 'ErpLimitToGovernor1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS erp_rate_limit`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE erp_rate_limit (
        id int PRIMARY KEY CHECK (id = 1),
        tokens double precision NOT NULL,
        refilled_at timestamptz NOT NULL
      )`);
    await q.query(`INSERT INTO erp_rate_limit (id, tokens, refilled_at) VALUES (1, 0, now())`);
  }
}
