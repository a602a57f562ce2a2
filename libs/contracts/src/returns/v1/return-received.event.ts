import { ArrayMinSize } from 'class-validator';
import { IsId, IsNestedArray, IsTimestamp } from '../../common/v1/decorators';
import { MAX_ORDER_LINES } from '../../common/v1/patterns';
import { SUBJECTS } from '../../subjects';
import { ReturnLineQuantity } from './return-line-quantity';

/** Subject of {@link ReturnReceivedEvent}. */
export const RETURN_RECEIVED_SUBJECT = SUBJECTS.RETURN_RECEIVED;

/**
 * `retail.returns.v1.return.received` (subject = returnId): goods arrived. No stock moves yet:
 * that waits for inspection.
 */
export class ReturnReceivedEvent {
  /** The return. */
  @IsId()
  returnId: string;

  /** The original order. */
  @IsId()
  orderId: string;

  /** Receiving location. */
  @IsId(64)
  locationId: string;

  /** Units received per line. */
  @IsNestedArray(() => ReturnLineQuantity, MAX_ORDER_LINES)
  @ArrayMinSize(1)
  lines: ReturnLineQuantity[];

  /** When they arrived. */
  @IsTimestamp()
  receivedAt: string;
}
