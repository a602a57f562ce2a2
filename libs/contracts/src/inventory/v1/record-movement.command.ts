import { SUBJECTS } from '../../subjects';
import { InventoryMovement } from './inventory-movement';

/** Subject of {@link RecordMovementCommand}: partitioned, see `movementRecordCommandSubject()`. */
export const CMD_MOVEMENT_RECORD_SUBJECT = SUBJECTS.CMD_MOVEMENT_RECORD;

/**
 * `retail.inventory.v1.cmd.movement.record.<partition>` (subject = `<sku>@<locationId>`): a
 * movement for inventory to record, with the same semantics as `POST /v1/inventory/movements`.
 * Published by sources (WMS bridges, returns after inspection), consumed only by inventory.
 */
export class RecordMovementCommand extends InventoryMovement {}
