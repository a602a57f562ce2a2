import { IsId, IsMinorAmount, IsNested, IsQuantity } from '../../common/v1/decorators';
import { LineFulfillment } from './line-fulfillment';

/**
 * One line of a canonical order. `unitPrice` is per unit; `discount` and `tax` are totals for the
 * whole line, all in minor units of the order's currency.
 */
export class OrderLine {
  /** Line id, unique within the order (the channel's line id when it has one). */
  @IsId()
  lineId: string;

  /** Canonical SKU (channel SKUs are resolved through channel mappings). */
  @IsId(64)
  sku: string;

  /** Units ordered. */
  @IsQuantity()
  quantity: number;

  /** Price of one unit before discount, minor units. */
  @IsMinorAmount()
  unitPrice: number;

  /** Discount on the whole line, minor units. */
  @IsMinorAmount()
  discount: number;

  /** Tax on the whole line, minor units. */
  @IsMinorAmount()
  tax: number;

  /** How the line is fulfilled. */
  @IsNested(() => LineFulfillment)
  fulfillment: LineFulfillment;
}
