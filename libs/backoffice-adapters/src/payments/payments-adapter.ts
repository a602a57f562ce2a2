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

/** A refund as the provider holds it (what reconciliation compares with ours). */
export interface ProviderRefund {
  refundId: string;
  status: RefundStatus;
  /** Minor units. */
  amount: number;
  currency: string;
  paymentReference: string;
  /** What we sent with it (`returnId`, `orderId`), when the provider keeps it. */
  metadata: Record<string, string>;
  createdAt: string;
}

/**
 * A merchant-initiated charge on the customer's stored payment (the order's
 * `payment.reference`), e.g. the price difference of an exchange.
 */
export interface ChargeRequest {
  /** One key per charge: the provider takes a key's money at most once. */
  idempotencyKey: string;
  /** The captured payment whose payment method is charged again. */
  paymentReference: string;
  /** Minor units, > 0. */
  amount: number;
  currency: string;
  description?: string;
  metadata?: Record<string, string>;
}

export type ChargeStatus = 'succeeded' | 'pending' | 'failed';

export interface ChargeResult {
  chargeId: string;
  status: ChargeStatus;
  /** True when the provider replayed the charge made earlier with the same key. */
  duplicate: boolean;
  failureReason?: string;
}

/** A charge as the provider holds it. */
export interface ProviderCharge {
  chargeId: string;
  status: ChargeStatus;
  amount: number;
  currency: string;
  paymentReference: string;
  metadata: Record<string, string>;
  createdAt: string;
}

/**
 * A hold on the customer's stored payment method (the order's `payment.reference`) for an amount
 * that may be taken later: Stripe's PaymentIntent with `capture_method=manual`. Same fields as a
 * charge; one key per authorization (the provider holds a key's amount at most once).
 */
export type AuthorizationRequest = ChargeRequest;

/** `requires_capture` held; `succeeded` captured; `canceled` voided; `failed` declined. */
export type AuthorizationStatus = 'requires_capture' | 'succeeded' | 'canceled' | 'failed';

export interface AuthorizationResult {
  authorizationId: string;
  status: AuthorizationStatus;
  /** Minor units held (what was authorized). */
  amount: number;
  /** Minor units taken by the capture (0 until captured). */
  amountReceived: number;
  /** True when the provider replayed the answer given earlier for the same key. */
  duplicate: boolean;
  failureReason?: string;
}

/** The payment provider. A `failed` refund or charge is an answer, not an exception. */
export interface PaymentsAdapter {
  refund(request: RefundRequest, ctx: CallContext): Promise<RefundResult>;
  charge(request: ChargeRequest, ctx: CallContext): Promise<ChargeResult>;
  /** Holds `amount` without taking it; a `failed` (declined) authorization is an answer. */
  authorize(request: AuthorizationRequest, ctx: CallContext): Promise<AuthorizationResult>;
  /**
   * Takes a held authorization once per key (`amount` at most what is held, default all; the
   * rest is released). Capturing one that is no longer held is a rejection (400).
   */
  capture(
    authorizationId: string,
    request: { idempotencyKey: string; amount?: number },
    ctx: CallContext,
  ): Promise<AuthorizationResult>;
  /** Releases a held authorization once per key; voiding one no longer held is a rejection. */
  void(
    authorizationId: string,
    request: { idempotencyKey: string },
    ctx: CallContext,
  ): Promise<AuthorizationResult>;
  /** One charge by the provider's id; undefined when the provider does not know it. */
  findCharge(chargeId: string, ctx: CallContext): Promise<ProviderCharge | undefined>;
  /** Every refund created in [from, to), all pages read; `onPage` reports progress. */
  listRefunds(
    window: { from: Date; to: Date },
    ctx: CallContext,
    onPage?: (readSoFar: number) => void,
  ): Promise<ProviderRefund[]>;
  /** One refund by the provider's id; undefined when the provider does not know it. */
  findRefund(refundId: string, ctx: CallContext): Promise<ProviderRefund | undefined>;
}
