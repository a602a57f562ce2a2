import { MigrationInterface, QueryRunner } from 'typeorm';

/** `non_stock` order lines (custom items, gift cards, tips) have no SKU: the column may be null. */
export class NonStockOrderLines1765000000000 implements MigrationInterface {
  name = 'NonStockOrderLines1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE order_lines ALTER COLUMN sku DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Fails while non_stock lines exist: they cannot be given a SKU after the fact.
    await q.query(`ALTER TABLE order_lines ALTER COLUMN sku SET NOT NULL`);
  }
}
