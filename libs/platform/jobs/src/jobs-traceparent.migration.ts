import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C `traceparent` of the work that enqueued a job (an HTTP request, a consumed event,
 * another job), so that the job's run continues that trace (ADR 0031). Null when none was known.
 */
export class JobsTraceparent1796900000000 implements MigrationInterface {
  name = 'JobsTraceparent1796900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE jobs ADD COLUMN IF NOT EXISTS traceparent text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE jobs DROP COLUMN IF EXISTS traceparent');
  }
}
