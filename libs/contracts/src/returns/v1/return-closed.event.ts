import { IsOptional } from 'class-validator';
import { IsId, IsTimestamp } from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';

/** Subject of {@link ReturnClosedEvent}. */
export const RETURN_CLOSED_SUBJECT = SUBJECTS.RETURN_CLOSED;

/** `retail.returns.v1.return.closed` (subject = returnId): nothing left to do. */
export class ReturnClosedEvent {
  /** The return. */
  @IsId()
  returnId: string;

  /** The original order. */
  @IsId()
  orderId: string;

  /** The linked replacement order of an exchange. */
  @IsOptional()
  @IsId()
  replacementOrderId?: string;

  /** The ERP's return authorization / credit memo id. */
  @IsOptional()
  @IsId()
  erpCreditMemoId?: string;

  /** When it was closed. */
  @IsTimestamp()
  closedAt: string;
}
