import { MigrationInterface, QueryRunner } from 'typeorm';

/** Shared table for the Idempotency-Key store; services list it among their migrations. */
export class IdempotencyTables1732500000000 implements MigrationInterface {
  name = 'IdempotencyTables1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        principal text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        state text NOT NULL CHECK (state IN ('in_flight', 'completed')),
        locked_until timestamptz NOT NULL,
        response_status int,
        response_body json, -- json, not jsonb: a replay is byte-identical (jsonb reorders keys)
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (principal, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
