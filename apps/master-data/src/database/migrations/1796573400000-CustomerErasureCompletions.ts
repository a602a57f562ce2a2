import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per (customer, service) that confirmed erasing its copy of the customer's personal
 * data (`*.customer-erasure.completed`): what `GET /v1/customers/{id}/erasure` reports. Ids,
 * counts and times only, no personal data.
 */
export class CustomerErasureCompletions1796573400000 implements MigrationInterface {
  name = 'CustomerErasureCompletions1796573400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE customer_erasure_completion (
      customer_id varchar(128) NOT NULL,
      service varchar(64) NOT NULL,
      completed_at timestamptz NOT NULL,
      orders_erased integer,
      event_id varchar(128) NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (customer_id, service)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS customer_erasure_completion');
  }
}
