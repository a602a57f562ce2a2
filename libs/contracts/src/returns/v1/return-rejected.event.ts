import { IsId, IsText, IsTimestamp } from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';

/** Subject of {@link ReturnRejectedEvent}. */
export const RETURN_REJECTED_SUBJECT = SUBJECTS.RETURN_REJECTED;

/** `retail.returns.v1.return.rejected` (subject = returnId): refused after review. */
export class ReturnRejectedEvent {
  /** The return. */
  @IsId()
  returnId: string;

  /** The original order. */
  @IsId()
  orderId: string;

  /** Why. */
  @IsText()
  reason: string;

  /** When it was rejected. */
  @IsTimestamp()
  rejectedAt: string;
}
