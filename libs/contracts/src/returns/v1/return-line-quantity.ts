import { IsId, IsQuantity } from '../../common/v1/decorators';

/** Units of one returned order line. */
export class ReturnLineQuantity {
  /** The order line. */
  @IsId()
  lineId: string;

  /** Canonical SKU. */
  @IsId(64)
  sku: string;

  /** Units. */
  @IsQuantity()
  quantity: number;
}
