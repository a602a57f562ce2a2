import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Refund reconciliation reads the refunds recorded in a window and by the provider's id. */
export class RefundsByTime1765400000000 implements MigrationInterface {
  name = 'RefundsByTime1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS return_timeline_refund_at_idx ON return_timeline (at)
        WHERE event = 'refund'`,
    );
    await q.query(
      `CREATE INDEX IF NOT EXISTS returns_refund_reference_idx ON returns (refund_reference)
        WHERE refund_reference IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS return_timeline_refund_at_idx`);
    await q.query(`DROP INDEX IF EXISTS returns_refund_reference_idx`);
  }
}
