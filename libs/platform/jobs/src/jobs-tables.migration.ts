import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The durable-work table of one service (unqualified: the service's search_path picks its
 * schema). One row per pending, running or dead job; a finished job is deleted, so the table
 * holds only work still to do and every claim scans a small index.
 *
 * `run_at` is when the job is due; while `running` it is the lease's expiry, so one condition
 * (`run_at <= now()`) finds both due jobs and jobs whose worker died. `seq` counts enqueues: a
 * job enqueued again while it runs is run once more after (never lost, never run twice at once).
 */
export class JobsTables1765000000000 implements MigrationInterface {
  name = 'JobsTables1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE jobs (
      queue text NOT NULL,
      key text NOT NULL,
      payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      priority int NOT NULL DEFAULT 0,
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'dead')),
      run_at timestamptz NOT NULL DEFAULT now(),
      seq int NOT NULL DEFAULT 1,
      attempts int NOT NULL DEFAULT 0,
      lease_owner text,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (queue, key)
    )`);
    await q.query(
      `CREATE INDEX jobs_due_idx ON jobs (queue, priority, run_at) WHERE state <> 'dead'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS jobs');
  }
}
