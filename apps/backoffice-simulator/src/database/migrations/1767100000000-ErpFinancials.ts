import { MigrationInterface, QueryRunner } from 'typeorm';

/** ERP tables of the financial side: customers, item fulfillments, invoices and cash sales. */
export const FINANCIAL_TABLES = ['cash_sale', 'invoice', 'item_fulfillment', 'customer'];

/** Like the other ERP transactions: keyed by external id, repeats counted, body kept as sent. */
const transaction = (table: string) => `
  CREATE TABLE IF NOT EXISTS ${table} (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    external_id text NOT NULL UNIQUE,
    created_from text,
    entity_id text,
    line_count integer NOT NULL,
    body jsonb NOT NULL,
    correlation_id text,
    repeat_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`;

export class ErpFinancials1767100000000 implements MigrationInterface {
  name = 'ErpFinancials1767100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE IF NOT EXISTS customer (
      id bigint GENERATED ALWAYS AS IDENTITY (START WITH 7001) PRIMARY KEY,
      external_id text NOT NULL UNIQUE,
      email text,
      body jsonb NOT NULL,
      correlation_id text,
      repeat_count integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS customer_email_idx ON customer (lower(email))`,
    );
    for (const table of ['item_fulfillment', 'invoice', 'cash_sale'])
      await queryRunner.query(transaction(table));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of FINANCIAL_TABLES) await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
