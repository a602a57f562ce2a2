import { IsOptional } from 'class-validator';
import { IsId, IsMinorAmount, IsQuantity } from '../../common/v1/decorators';

/**
 * Refund of one returned line, minor units: `total` = `merchandise` + `tax` - `restockingFee`
 * (+ `shipping` for defective units), where `merchandise` = unitPrice x quantity - prorated
 * `discount`.
 */
export class RefundLine {
  /** The order line. */
  @IsId()
  lineId: string;

  /** Canonical SKU. */
  @IsId(64)
  sku: string;

  /** Units refunded. */
  @IsQuantity()
  quantity: number;

  /** Price paid for the units, net of their prorated discount, before tax. */
  @IsMinorAmount()
  merchandise: number;

  /** The line discount prorated to the returned units (already deducted in `merchandise`). */
  @IsMinorAmount()
  discount: number;

  /** Tax reversed for the units (itemised in the refund's `taxReversal`). */
  @IsMinorAmount()
  tax: number;

  /** Restocking fee kept, when the product has one. */
  @IsMinorAmount()
  restockingFee: number;

  /** Shipping refunded with the line (defective units only; added in v1.1, optional). */
  @IsOptional()
  @IsMinorAmount()
  shipping?: number;

  /** Amount refunded for the line. */
  @IsMinorAmount()
  total: number;
}
