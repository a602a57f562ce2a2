import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Channel sync's own state, written only by its repositories: per account the pull cursor and
 * the window in progress, what was forwarded (de-duplication by channel order id and version),
 * and the rate-limit budget every replica draws from.
 */
export class ChannelSyncTables1796460694907 implements MigrationInterface {
  name = 'ChannelSyncTables1796460694907';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE channel_accounts (
        account text PRIMARY KEY,
        channel text NOT NULL,
        cursor_at timestamptz,
        window_start timestamptz,
        window_end timestamptz,
        page_token text,
        last_pull_started_at timestamptz,
        last_pull_succeeded_at timestamptz,
        last_error text,
        last_error_at timestamptz,
        last_reconcile jsonb,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE forwarded_orders (
        account text NOT NULL,
        channel_order_id text NOT NULL,
        channel_updated_at timestamptz NOT NULL,
        cancelled boolean NOT NULL DEFAULT false,
        order_id text,
        source text NOT NULL,
        rejected_reason text,
        forwarded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account, channel_order_id)
      )`);
    await q.query(`
      CREATE TABLE rate_limit_buckets (
        account text NOT NULL,
        bucket text NOT NULL,
        tokens double precision NOT NULL,
        capacity double precision NOT NULL,
        refill_per_second double precision NOT NULL,
        refilled_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        blocked_until timestamptz NOT NULL DEFAULT 'epoch',
        throttled_total bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (account, bucket)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rate_limit_buckets');
    await q.query('DROP TABLE forwarded_orders');
    await q.query('DROP TABLE channel_accounts');
  }
}
