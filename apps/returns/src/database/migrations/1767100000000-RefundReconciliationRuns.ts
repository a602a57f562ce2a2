import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refund reconciliation runs (ADR 0042): one row per run (API or schedule), its progress and
 * its findings; the run itself is a job of queue `refund-reconciliation` keyed by the run id.
 */
export class RefundReconciliationRuns1767100000000 implements MigrationInterface {
  name = 'RefundReconciliationRuns1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS refund_reconciliation_runs (
      id text PRIMARY KEY,
      trigger text NOT NULL,
      window_from timestamptz NOT NULL,
      window_to timestamptz NOT NULL,
      dry_run boolean NOT NULL DEFAULT false,
      state text NOT NULL DEFAULT 'queued',
      phase text,
      provider_refunds int NOT NULL DEFAULT 0,
      to_check int NOT NULL DEFAULT 0,
      checked int NOT NULL DEFAULT 0,
      reposted int NOT NULL DEFAULT 0,
      drifting int NOT NULL DEFAULT 0,
      items jsonb NOT NULL DEFAULT '[]'::jsonb,
      error text,
      correlation_id text,
      requested_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX IF NOT EXISTS refund_reconciliation_runs_finished
      ON refund_reconciliation_runs (finished_at DESC) WHERE state = 'completed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS refund_reconciliation_runs`);
  }
}
