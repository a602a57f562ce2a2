import { IsOptional } from 'class-validator';
import { IsMinorAmount, IsText } from '../../common/v1/decorators';

/** Shipping charged on an order, minor units of the order's currency. */
export class OrderShipping {
  /** Shipping method as the channel names it, e.g. `standard`, `express`. */
  @IsText(100)
  method: string;

  /** Shipping price before discount. */
  @IsMinorAmount()
  amount: number;

  /** Discount on shipping. */
  @IsOptional()
  @IsMinorAmount()
  discount?: number;

  /** Tax on shipping. */
  @IsOptional()
  @IsMinorAmount()
  tax?: number;
}
