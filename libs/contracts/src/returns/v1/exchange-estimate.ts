import { IsInt } from 'class-validator';
import { IsMinorAmount } from '../../common/v1/decorators';

/** What an exchange will cost the customer if every returned unit passes inspection. */
export class ExchangeEstimate {
  /** The replacement, tax included, minor units. */
  @IsMinorAmount()
  replacementTotal: number;

  /** The credit of the returned units (what the customer paid for them), minor units. */
  @IsMinorAmount()
  credit: number;

  /** replacementTotal - credit: positive, the customer pays it; negative, it is refunded. */
  @IsInt()
  difference: number;
}
