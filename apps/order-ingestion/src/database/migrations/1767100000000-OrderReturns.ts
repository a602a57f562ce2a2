import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The returns that touched an order (ADR 0040), learnt from `retail.returns.v1.return.*`: one
 * row per return with its furthest status (`rank` only grows, so a late or repeated event never
 * moves it back), its lines and when the goods came back. `GET /v1/orders/{id}` shows them and
 * sums the received lines into each line's `returnedQuantity`. Written only by OrdersRepository;
 * no personal data.
 */
export class OrderReturns1767100000000 implements MigrationInterface {
  name = 'OrderReturns1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE order_returns (
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        return_id text NOT NULL,
        status text NOT NULL,
        rank smallint NOT NULL,
        lines jsonb NOT NULL DEFAULT '[]'::jsonb,
        received_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (order_id, return_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS order_returns`);
  }
}
