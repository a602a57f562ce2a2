import { IsInt, IsOptional } from 'class-validator';
import { IsCount, IsId, IsTimestamp } from '../../common/v1/decorators';

/**
 * Stock position of one SKU at one location (`GET /v1/positions/{sku}` lists one per location).
 * `available` = onHand - reserved - safety stock, never below 0.
 */
export class Position {
  /** Canonical SKU. */
  @IsId(64)
  sku: string;

  /** Location. */
  @IsId(64)
  locationId: string;

  /**
   * Units physically at the location. May be briefly negative when a sale is reported before the
   * receipt it came from (deltas apply in any order); `available` never is.
   */
  @IsInt()
  onHand: number;

  /** Units held by reservations. */
  @IsCount()
  reserved: number;

  /** Units a channel may still sell here. */
  @IsCount()
  available: number;

  /** Units on their way to this location (transfers). */
  @IsCount()
  inTransit: number;

  /** Units in quarantine: counted, never sellable. */
  @IsCount()
  damaged: number;

  /** When the position last changed. */
  @IsOptional()
  @IsTimestamp()
  updatedAt?: string;
}
