import { Injectable } from '@nestjs/common';
import type { Product } from '@retail/contracts';
import { DataSource } from 'typeorm';
import { rowToProduct, type ProductRow } from './product-row';
import { SELECT_BY_SKUS } from './product-sql';

/** Read side of products. */
@Injectable()
export class ProductQueries {
  constructor(private readonly db: DataSource) {}

  async find(sku: string): Promise<(Product & { sku: string }) | undefined> {
    const rows: ProductRow[] = await this.db.query(SELECT_BY_SKUS, [[sku]]);
    return rows[0] ? { sku: rows[0].sku, ...rowToProduct(rows[0]) } : undefined;
  }
}
