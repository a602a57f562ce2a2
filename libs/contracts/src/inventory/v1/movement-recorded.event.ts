import { IsNested, IsTimestamp } from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';
import { InventoryMovement } from './inventory-movement';
import { Position } from './position';

/** Subject of {@link MovementRecordedEvent}: partitioned, see `movementRecordedSubject()`. */
export const MOVEMENT_RECORDED_SUBJECT = SUBJECTS.MOVEMENT_RECORDED;

/**
 * `retail.inventory.v1.movement.recorded.<partition>` (subject = `<sku>@<locationId>`): a movement
 * was applied (duplicates and stale movements are not published). Partitioned by SKU and
 * location, so a consumer sees one position's movements in order.
 */
export class MovementRecordedEvent {
  /** The movement as applied. */
  @IsNested(() => InventoryMovement)
  movement: InventoryMovement;

  /** The position after it. */
  @IsNested(() => Position)
  position: Position;

  /** When it was applied (`recordedAt - movement.occurredAt` is the update lag). */
  @IsTimestamp()
  recordedAt: string;
}
