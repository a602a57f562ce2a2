import { IsId, IsNested, IsTimestamp } from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';
import { Product } from './product';

/** Subject of {@link ProductChangedEvent}. */
export const PRODUCT_CHANGED_SUBJECT = SUBJECTS.PRODUCT_CHANGED;

/**
 * `retail.masterdata.v1.product.changed` (subject = sku): the full product after a create or
 * update. Read models keep the highest `product.version` and ignore older ones.
 */
export class ProductChangedEvent {
  /** Canonical SKU. */
  @IsId(64)
  sku: string;

  /** The product as stored. */
  @IsNested(() => Product)
  product: Product;

  /** When it changed. */
  @IsTimestamp()
  changedAt: string;
}
