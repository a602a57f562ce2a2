import { IsOptional } from 'class-validator';
import { IsId, IsMinorAmount, IsQuantity } from '../../common/v1/decorators';

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

  /**
   * Price of one replacement unit before tax, minor units. Omitted: the replacement is priced as
   * the customer paid for the returned line it names (`lineId`), discount included (an even
   * exchange). Required when the replacement is another SKU than the returned line's.
   */
  @IsOptional()
  @IsMinorAmount()
  unitPrice?: number;

  /**
   * Tax on the whole replacement line, minor units. Omitted: the returned line's effective tax
   * rate applied to the replacement's net amount, rounded half up.
   */
  @IsOptional()
  @IsMinorAmount()
  tax?: number;
}
