import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Operators trace by correlation id (`GET /v1/orders?correlationId=`): an index, not a scan. */
export class OrdersByCorrelation1765300000000 implements MigrationInterface {
  name = 'OrdersByCorrelation1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS orders_correlation_idx ON orders (correlation_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS orders_correlation_idx`);
  }
}
