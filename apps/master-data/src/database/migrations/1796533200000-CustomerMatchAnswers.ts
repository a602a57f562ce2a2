import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The answer kept for each order matched through `POST /v1/customers:match-batch`: a retried
 * entry gets the same customer back and never creates another. Ids only, no personal data.
 */
export class CustomerMatchAnswers1796533200000 implements MigrationInterface {
  name = 'CustomerMatchAnswers1796533200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE customer_match (
      channel varchar(64) NOT NULL,
      order_id varchar(128) NOT NULL,
      customer_id varchar(64) NOT NULL,
      matched_by varchar(32) NOT NULL,
      created boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (channel, order_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS customer_match');
  }
}
