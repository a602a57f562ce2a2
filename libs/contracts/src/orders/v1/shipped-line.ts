import { IsOptional } from 'class-validator';
import { IsId, IsQuantity, IsStringArray, IsText } from '../../common/v1/decorators';
import { MAX_SERIALS_PER_LINE } from '../../common/v1/patterns';

/** Units of one order line that left a location, with their serials or lot. */
export class ShippedLine {
  /** The order line. */
  @IsId()
  lineId: string;

  /** Canonical SKU. */
  @IsId(64)
  sku: string;

  /** Units shipped or picked up. */
  @IsQuantity()
  quantity: number;

  /**
   * The inventory reservation the units were taken from (`POST /v1/reservations`); inventory
   * consumes it. Absent when the line was never reserved (backordered or refused).
   */
  @IsOptional()
  @IsId()
  reservationId?: string;

  /** Serial numbers (serial-tracked products); returns accept only these. */
  @IsOptional()
  @IsStringArray(MAX_SERIALS_PER_LINE)
  serialNumbers?: string[];

  /** Lot number (lot-tracked products). */
  @IsOptional()
  @IsText(64)
  lotNumber?: string;
}
