import { IsOptional } from 'class-validator';
import { IsCurrency, IsMinorAmount, IsNestedArray } from '../../common/v1/decorators';
import { MAX_ORDER_LINES } from '../../common/v1/patterns';
import { RefundLine } from './refund-line';
import { TaxReversal } from './tax-reversal';

/**
 * A refund (or its estimate): the price paid for the returned quantity, discounts and tax
 * prorated, minus restocking fees, with the tax reversal itemised. Minor units of `currency`.
 */
export class Refund {
  /** ISO 4217 currency of the original order. */
  @IsCurrency()
  currency: string;

  /** Per returned line. */
  @IsNestedArray(() => RefundLine, MAX_ORDER_LINES)
  lines: RefundLine[];

  /** Sum of the lines' `merchandise`. */
  @IsMinorAmount()
  merchandiseTotal: number;

  /** Sum of the lines' `tax` (= sum of `taxReversal` amounts). */
  @IsMinorAmount()
  taxTotal: number;

  /** Sum of the lines' `restockingFee`. */
  @IsMinorAmount()
  restockingFeeTotal: number;

  /** Sum of the lines' `shipping` (defective units; added in v1.1, optional). */
  @IsOptional()
  @IsMinorAmount()
  shippingTotal?: number;

  /** Amount refunded to the customer. */
  @IsMinorAmount()
  total: number;

  /** Tax reversed, per line and jurisdiction. */
  @IsNestedArray(() => TaxReversal, MAX_ORDER_LINES * 10)
  taxReversal: TaxReversal[];
}
