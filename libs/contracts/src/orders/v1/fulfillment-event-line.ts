import { IsOptional } from 'class-validator';
import { IsId, IsQuantity, IsStringArray, IsText } from '../../common/v1/decorators';
import { MAX_SERIALS_PER_LINE } from '../../common/v1/patterns';

/** Units of one order line a fulfilment event covers. */
export class FulfillmentEventLine {
  /** The order line. */
  @IsId()
  lineId: string;

  /** Units covered. */
  @IsQuantity()
  quantity: number;

  /** Serial numbers of the units (serial-tracked products). */
  @IsOptional()
  @IsStringArray(MAX_SERIALS_PER_LINE)
  serialNumbers?: string[];

  /**
   * Lot number of the units (lot-tracked products), recorded on the order line at `shipped` or
   * `picked_up`; a return of the line must name a lot the line shipped.
   */
  @IsOptional()
  @IsText(64)
  lotNumber?: string;
}
