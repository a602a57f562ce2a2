import { Injectable } from '@nestjs/common';
import { MasterDataReadModel } from '@retail/masterdata-readmodel';
import type { ProductCatalog, ReturnPolicyProduct } from './product-catalog';

/** Products from the local master-data read model (kept from `product.changed` events). */
@Injectable()
export class ReadModelProductCatalog implements ProductCatalog {
  constructor(private readonly readModel: MasterDataReadModel) {}

  async getProducts(skus: string[]): Promise<Map<string, ReturnPolicyProduct>> {
    const views = await this.readModel.getProducts(skus);
    return new Map([...views].map(([sku, p]) => [sku, { ...p, sku }]));
  }
}
