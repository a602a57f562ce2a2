import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A return's refund names our order id, not the channel's: the refund push finds the account and
 * channel order id that order came from in `forwarded_orders` by `order_id`.
 */
export class ForwardedOrdersByOrderId1796700000000 implements MigrationInterface {
  name = 'ForwardedOrdersByOrderId1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX forwarded_orders_order_id_idx ON forwarded_orders (order_id)
        WHERE order_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS forwarded_orders_order_id_idx');
  }
}
