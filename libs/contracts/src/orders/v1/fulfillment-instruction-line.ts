import { IsId, IsQuantity } from '../../common/v1/decorators';

/** An order line (or part of one) inside a fulfilment instruction. */
export class FulfillmentInstructionLine {
  /** The order line. */
  @IsId()
  lineId: string;

  /** Canonical SKU. */
  @IsId(64)
  sku: string;

  /** Units to fulfil. */
  @IsQuantity()
  quantity: number;
}
