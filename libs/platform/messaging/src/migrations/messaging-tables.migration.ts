import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox and inbox of one service. Table names are unqualified: the service's DataSource sets
 * search_path to its own schema. Dead-letter replays are marked on RETAIL_DLQ, not in a table.
 */
export class MessagingTables1732600000000 implements MigrationInterface {
  name = 'MessagingTables1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outbox (
      id uuid PRIMARY KEY,
      position bigserial NOT NULL UNIQUE,
      subject text NOT NULL,
      type text NOT NULL,
      payload jsonb NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz NULL,
      attempts integer NOT NULL DEFAULT 0,
      last_error text NULL
    )`);
    // The relay only ever scans unpublished rows, in order.
    await q.query(
      'CREATE INDEX outbox_unpublished_idx ON outbox (position) WHERE published_at IS NULL',
    );
    await q.query(`CREATE TABLE inbox (
      consumer text NOT NULL,
      message_id text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, message_id)
    )`);
    await q.query('CREATE INDEX inbox_received_at_idx ON inbox (received_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS inbox');
    await q.query('DROP TABLE IF EXISTS outbox');
  }
}
