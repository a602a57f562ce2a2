import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import { IsId, IsMinorAmount, IsText } from '../../common/v1/decorators';

/** One itemised tax reversal: the tax of one jurisdiction on one line. */
export class TaxReversal {
  /** The order line. */
  @IsId()
  lineId: string;

  /** Tax jurisdiction or tax code, e.g. `DE-VAT`, `US-CA-STATE`. */
  @IsText(64)
  jurisdiction: string;

  /** Rate applied, as a percentage (e.g. `19` or `7.25`). */
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 4, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  ratePercent?: number;

  /** Tax reversed, minor units. */
  @IsMinorAmount()
  amount: number;
}
