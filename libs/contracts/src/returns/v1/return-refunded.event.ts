import { IsOptional } from 'class-validator';
import { IsChannel, IsId, IsNested, IsOneOf, IsTimestamp } from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';
import { Refund } from './refund';

/** Subject of {@link ReturnRefundedEvent}. */
export const RETURN_REFUNDED_SUBJECT = SUBJECTS.RETURN_REFUNDED;

/** How money went back: to the original payment or as store credit. */
export const REFUND_METHODS = ['original_payment', 'store_credit'] as const;
/** How money went back. */
export type RefundMethod = (typeof REFUND_METHODS)[number];

/**
 * `retail.returns.v1.return.refunded` (subject = returnId): the payment provider accepted the
 * refund (exactly once per return) or store credit was issued.
 */
export class ReturnRefundedEvent {
  /** The return. */
  @IsId()
  returnId: string;

  /** The original order. */
  @IsId()
  orderId: string;

  /** Where the return started. */
  @IsChannel()
  channel: string;

  /** How the money went back. */
  @IsOneOf(REFUND_METHODS)
  method: RefundMethod;

  /** The payment provider's refund reference. */
  @IsOptional()
  @IsId()
  paymentReference?: string;

  /** The refund as issued. */
  @IsNested(() => Refund)
  refund: Refund;

  /** When it was issued. */
  @IsTimestamp()
  refundedAt: string;
}
