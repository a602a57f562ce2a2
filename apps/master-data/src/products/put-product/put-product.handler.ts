import { Injectable } from '@nestjs/common';
import type { Product } from '@retail/contracts';
import { DataSource } from 'typeorm';
import { MasterDataException } from '../../common/master-data.exception';
import { masterDataMetrics } from '../../common/metrics';
import { ProductWriter } from '../persistence/product.writer';

export interface PutProductResult {
  created: boolean;
  product: Product & { sku: string };
}

/** `PUT /v1/products/{sku}`: create, or update with a greater version; else 409, unchanged. */
@Injectable()
export class PutProductHandler {
  constructor(
    private readonly db: DataSource,
    private readonly writer: ProductWriter,
  ) {}

  async execute(sku: string, product: Product): Promise<PutProductResult> {
    const [result] = await this.db.transaction((m) =>
      this.writer.upsertVersioned(m, [{ line: 1, sku, product }]),
    );
    if (result.outcome === 'stale' || result.outcome === 'unchanged') {
      throw new MasterDataException(
        'stale-version',
        409,
        `product ${sku}: ${result.errors?.[0] ?? `version ${product.version} is not newer than the stored one`}`,
      );
    }
    masterDataMetrics.productsChanged().inc({ source: 'api', outcome: result.outcome });
    return { created: result.outcome === 'created', product: { sku, ...product } };
  }
}
