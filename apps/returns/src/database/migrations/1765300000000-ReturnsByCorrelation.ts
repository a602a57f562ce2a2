import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Operators trace by correlation id (`GET /v1/returns?correlationId=`): an index, not a scan. */
export class ReturnsByCorrelation1765300000000 implements MigrationInterface {
  name = 'ReturnsByCorrelation1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS returns_correlation_idx ON returns (correlation_id)
        WHERE correlation_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS returns_correlation_idx`);
  }
}
