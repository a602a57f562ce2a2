import { IsOptional } from 'class-validator';
import { IsId, IsQuantity } from '../../common/v1/decorators';

/** A replacement item of an exchange (becomes a line of the linked replacement order). */
export class ExchangeLine {
  /** The returned order line this replaces, when one-for-one. */
  @IsOptional()
  @IsId()
  lineId?: string;

  /** Canonical SKU of the replacement. */
  @IsId(64)
  sku: string;

  /** Units. */
  @IsQuantity()
  quantity: number;
}
