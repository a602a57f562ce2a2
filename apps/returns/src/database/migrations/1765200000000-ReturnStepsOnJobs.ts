import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The automatic steps move to the platform's jobs table (created by JobsTables1765000000000
 * just before): every step still due or running gets its job, due when the step was.
 */
export class ReturnStepsOnJobs1765200000000 implements MigrationInterface {
  name = 'ReturnStepsOnJobs1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO jobs (queue, key, run_at)
       SELECT 'return-steps', return_id || '/' || step,
              CASE WHEN state = 'running' THEN now() ELSE next_attempt_at END
         FROM return_steps
        WHERE state IN ('pending', 'running')
          AND step IN ('erp_authorization', 'stock', 'refund', 'exchange', 'erp_credit', 'close')
       ON CONFLICT (queue, key) DO NOTHING`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM jobs WHERE queue = 'return-steps'`);
  }
}
