import { IsOptional } from 'class-validator';
import {
  IsChannel,
  IsId,
  IsOneOf,
  IsText,
  IsTimestamp,
  PAYMENT_STATUSES,
  type PaymentStatus,
} from '@retail/contracts';
import type { FraudVerdict } from './payment-rule';

/**
 * Body of `POST /v1/orders/{id}/payment-status`: a payment status as a channel (forwarded by
 * channel-sync) or the payment provider reports it. Updates from one `source` are ordered by
 * `occurredAt`: an older one than the newest applied is ignored (ADR 0037).
 */
export class PaymentStatusUpdate {
  /** The payment's status now. */
  @IsOneOf(PAYMENT_STATUSES)
  status: PaymentStatus;

  /** When the source says the status changed (e.g. the channel order's `updated_at`). */
  @IsTimestamp()
  occurredAt: string;

  /** Whose clock `occurredAt` is: the channel (e.g. `shopify`) or `payment-provider`. */
  @IsChannel()
  source: string;

  /** The payment provider's reference of the transaction, if any. */
  @IsOptional()
  @IsId()
  reference?: string;
}

export const FRAUD_VERDICTS = ['approve', 'reject'] as const;

/**
 * Body of `POST /v1/orders/{id}/fraud-decision`: a fraud review's verdict. `approve` releases a
 * review hold (when nothing else holds the order), `reject` cancels the order.
 */
export class FraudReviewDecision {
  /** The verdict. */
  @IsOneOf(FRAUD_VERDICTS)
  decision: FraudVerdict;

  /** Why, for the order's timeline. */
  @IsOptional()
  @IsText()
  reason?: string;
}
