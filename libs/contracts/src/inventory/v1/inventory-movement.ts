import { IsInt, IsOptional, Max, Min, Validate } from 'class-validator';
import { IsId, IsOneOf, IsText, IsTimestamp } from '../../common/v1/decorators';
import { MovementQuantityConstraint } from './movement-quantity.constraint';
import { MOVEMENT_TYPES, MovementType } from './movement-type';

/**
 * A stock movement reported by a source (WMS, POS, ERP, returns): an entry of
 * `POST /v1/inventory/movements` and the payload of `retail.inventory.v1.cmd.movement.record.<p>`.
 *
 * Per `(source, sku, locationId)`: a repeated `eventId` is a no-op; a `snapshot` older (by
 * `sourceSequence`) than the last applied one is ignored; a delta not newer than the last applied
 * snapshot is already counted in it and is ignored; every other delta applies in any order.
 */
export class InventoryMovement {
  /** The source's unique id of this movement (de-duplication key with `source`). */
  @IsId()
  eventId: string;

  /** The reporting system, e.g. `wms-east`, `pos`, `returns`. */
  @IsId(64)
  source: string;

  /** Monotonic per source and position; orders deltas against snapshots. */
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  sourceSequence: number;

  /** When the movement physically happened (ISO 8601 with offset). */
  @IsTimestamp()
  occurredAt: string;

  /** Movement type. */
  @IsOneOf(MOVEMENT_TYPES)
  type: MovementType;

  /** Canonical SKU. */
  @IsId(64)
  sku: string;

  /** Location (a stocking location, not a grouping node). */
  @IsId(64)
  locationId: string;

  /** Positive units; signed non-zero for `adjustment`; the counted on-hand for `snapshot`. */
  @IsInt()
  @Validate(MovementQuantityConstraint)
  quantity: number;

  /** Free-text or coded reason (adjustments, damage). */
  @IsOptional()
  @IsText(200)
  reason?: string;
}
