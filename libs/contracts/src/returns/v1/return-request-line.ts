import { IsOptional } from 'class-validator';
import { IsId, IsQuantity, IsStringArray, IsText } from '../../common/v1/decorators';
import { MAX_SERIALS_PER_LINE } from '../../common/v1/patterns';

/** One order line (or part of it) being returned. */
export class ReturnRequestLine {
  /** The order line. */
  @IsId()
  lineId: string;

  /** Units returned: at most shipped minus already returned. */
  @IsQuantity()
  quantity: number;

  /** Coded reason, e.g. `damaged`, `wrong_size`, `not_as_described`. */
  @IsId(64)
  reasonCode: string;

  /** Serial numbers returned (must have been shipped on this order). */
  @IsOptional()
  @IsStringArray(MAX_SERIALS_PER_LINE)
  serialNumbers?: string[];

  /** Lot number of lot-tracked products. */
  @IsOptional()
  @IsText(64)
  lotNumber?: string;
}
