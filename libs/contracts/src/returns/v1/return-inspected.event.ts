import { ArrayMinSize } from 'class-validator';
import { IsId, IsNestedArray, IsTimestamp } from '../../common/v1/decorators';
import { MAX_ORDER_LINES } from '../../common/v1/patterns';
import { SUBJECTS } from '../../subjects';
import { InspectedLine } from './inspected-line';

/** Subject of {@link ReturnInspectedEvent}. */
export const RETURN_INSPECTED_SUBJECT = SUBJECTS.RETURN_INSPECTED;

/**
 * `retail.returns.v1.return.inspected` (subject = returnId): each line's condition and
 * disposition. Stock moves from here (restock for resellable, damage for quarantine).
 */
export class ReturnInspectedEvent {
  /** The return. */
  @IsId()
  returnId: string;

  /** The original order. */
  @IsId()
  orderId: string;

  /** Receiving location. */
  @IsId(64)
  locationId: string;

  /** Per line. */
  @IsNestedArray(() => InspectedLine, MAX_ORDER_LINES)
  @ArrayMinSize(1)
  lines: InspectedLine[];

  /** When inspection finished. */
  @IsTimestamp()
  inspectedAt: string;
}
