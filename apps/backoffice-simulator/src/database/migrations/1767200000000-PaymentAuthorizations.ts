import { MigrationInterface, QueryRunner } from 'typeorm';
import { moneyTable } from './1767000000000-PaymentCharges';

/** Truncated by POST /admin/reset. */
export const AUTHORIZATION_TABLES = ['payment_authorization_action', 'payment_authorization'];

/**
 * Authorizations held on a captured payment's payment method (Stripe PaymentIntents with
 * `capture_method=manual`), and their captures and cancellations, each keyed by Idempotency-Key.
 */
export class PaymentAuthorizations1767200000000 implements MigrationInterface {
  name = 'PaymentAuthorizations1767200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(moneyTable('payment_authorization'));
    await queryRunner.query(`CREATE TABLE IF NOT EXISTS payment_authorization_action (
      idempotency_key text PRIMARY KEY,
      request_hash text NOT NULL,
      authorization_id text NOT NULL,
      action text NOT NULL,
      response jsonb NOT NULL,
      duplicate_count integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of AUTHORIZATION_TABLES)
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
