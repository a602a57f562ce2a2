import { CallContext } from '@retail/platform-http-client';

export interface RefundRequest {
  /** One key per refund: the provider pays a key out at most once. */
  idempotencyKey: string;
  /** The captured payment to refund (the order's `payment.reference`). */
  paymentReference: string;
  /** Minor units. */
  amount: number;
  currency: string;
  reason?: string;
  metadata?: Record<string, string>;
}

export type RefundStatus = 'succeeded' | 'pending' | 'failed';

export interface RefundResult {
  refundId: string;
  status: RefundStatus;
  /** True when the provider replayed the refund made earlier with the same key. */
  duplicate: boolean;
  failureReason?: string;
}

/** The payment provider. A `failed` refund is an answer, not an exception. */
export interface PaymentsAdapter {
  refund(request: RefundRequest, ctx: CallContext): Promise<RefundResult>;
}
