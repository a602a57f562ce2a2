import { IsId, IsMinorAmount, IsQuantity } from '../../common/v1/decorators';

/**
 * An invoiced line: `unitPrice` per unit, `discount` and `tax` prorated to the invoiced units,
 * minor units of the invoice's currency.
 */
export class InvoiceLine {
  /** The order line. */
  @IsId()
  lineId: string;

  /** Canonical SKU. */
  @IsId(64)
  sku: string;

  /** Units invoiced. */
  @IsQuantity()
  quantity: number;

  /** Price of one unit before discount. */
  @IsMinorAmount()
  unitPrice: number;

  /** Discount for the invoiced units. */
  @IsMinorAmount()
  discount: number;

  /** Tax for the invoiced units. */
  @IsMinorAmount()
  tax: number;
}
