import { MigrationInterface, QueryRunner } from 'typeorm';

/** A payment provider's keyed money movement (charges, authorizations): one row per key. */
export const moneyTable = (table: string) => `CREATE TABLE IF NOT EXISTS ${table} (
      id uuid PRIMARY KEY,
      idempotency_key text NOT NULL UNIQUE,
      request_hash text NOT NULL,
      payment_reference text NOT NULL,
      amount bigint NOT NULL,
      currency text NOT NULL,
      status text NOT NULL,
      failure_reason text,
      response jsonb NOT NULL,
      correlation_id text,
      duplicate_count integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    )`;

/** Charges on a captured payment's payment method (e.g. an exchange's price difference). */
export class PaymentCharges1767000000000 implements MigrationInterface {
  name = 'PaymentCharges1767000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(moneyTable('charge'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS charge`);
  }
}
