import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The exchange of a return (ADR 0036): priced replacement lines, fulfilment, advance window and
 * the payments that settled the price difference, as one document next to `exchange_lines`.
 */
export class ReturnExchanges1766800000000 implements MigrationInterface {
  name = 'ReturnExchanges1766800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE returns ADD COLUMN IF NOT EXISTS exchange jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE returns DROP COLUMN IF EXISTS exchange`);
  }
}
