import { BackofficeRejectedError, genericErrors } from '../errors';
import { CallContext, HttpAdapterOptions, HttpJsonClient } from '@retail/platform-http-client';
import {
  AuthorizationRequest,
  AuthorizationResult,
  AuthorizationStatus,
  ChargeRequest,
  ChargeResult,
  ChargeStatus,
  PaymentsAdapter,
  ProviderCharge,
  ProviderRefund,
  RefundRequest,
  RefundResult,
  RefundStatus,
} from './payments-adapter';

interface RefundBody {
  id: string;
  status: RefundStatus;
  failureReason?: string;
  amount: number;
  currency: string;
  paymentReference: string;
  metadata?: Record<string, string>;
  createdAt: string;
}

interface ChargeBody {
  id: string;
  status: ChargeStatus;
  failureReason?: string;
  amount: number;
  currency: string;
  paymentReference: string;
  metadata?: Record<string, string>;
  createdAt: string;
}

interface PaymentIntentBody {
  id: string;
  status: AuthorizationStatus;
  failureReason?: string;
  amount: number;
  amountReceived: number;
}

const PAGE_SIZE = 100;
const unixSeconds = (at: Date) => Math.floor(at.getTime() / 1000);
const toProviderRefund = (r: RefundBody): ProviderRefund => ({
  refundId: r.id,
  status: r.status,
  amount: r.amount,
  currency: r.currency,
  paymentReference: r.paymentReference,
  metadata: r.metadata ?? {},
  createdAt: r.createdAt,
});

/**
 * Stripe-like provider: `POST /payments/v1/refunds` with an `Idempotency-Key` header; refunds
 * listed newest first by `created[gte]`/`created[lt]` with `starting_after` pages. Charges
 * (`POST /payments/v1/charges`, Idempotency-Key) take money from the payment method of a captured
 * payment again, as Stripe's off-session charges do. Authorizations
 * (`POST /payments/v1/authorizations`, then `/{id}/capture` or `/{id}/cancel`, each under its
 * Idempotency-Key) hold an amount and take or release it later, as Stripe's PaymentIntents with
 * `capture_method=manual`.
 */
export class HttpPaymentsAdapter implements PaymentsAdapter {
  private readonly http: HttpJsonClient;

  constructor(options: HttpAdapterOptions) {
    this.http = new HttpJsonClient({
      baseUrl: options.baseUrl,
      errors: genericErrors('payments'),
      timeoutMs: options.timeoutMs ?? 10_000,
      headers: options.headers,
      fetch: options.fetch,
    });
  }

  async refund(request: RefundRequest, ctx: CallContext): Promise<RefundResult> {
    const { body: refund, duplicate } = await this.create<RefundBody>(
      '/payments/v1/refunds',
      request,
      ctx,
    );
    return {
      refundId: refund.id,
      status: refund.status,
      duplicate,
      ...(refund.failureReason ? { failureReason: refund.failureReason } : {}),
    };
  }

  async charge(request: ChargeRequest, ctx: CallContext): Promise<ChargeResult> {
    const { body: charge, duplicate } = await this.create<ChargeBody>(
      '/payments/v1/charges',
      request,
      ctx,
    );
    return {
      chargeId: charge.id,
      status: charge.status,
      duplicate,
      ...(charge.failureReason ? { failureReason: charge.failureReason } : {}),
    };
  }

  authorize(request: AuthorizationRequest, ctx: CallContext): Promise<AuthorizationResult> {
    return this.intent('/payments/v1/authorizations', request, ctx);
  }

  capture(
    authorizationId: string,
    { idempotencyKey, amount }: { idempotencyKey: string; amount?: number },
    ctx: CallContext,
  ): Promise<AuthorizationResult> {
    const path = `/payments/v1/authorizations/${encodeURIComponent(authorizationId)}/capture`;
    const request = { idempotencyKey, amountToCapture: amount }; // Stripe's amount_to_capture
    return this.intent(path, request, ctx);
  }

  void(
    authorizationId: string,
    { idempotencyKey }: { idempotencyKey: string },
    ctx: CallContext,
  ): Promise<AuthorizationResult> {
    const path = `/payments/v1/authorizations/${encodeURIComponent(authorizationId)}/cancel`;
    return this.intent(path, { idempotencyKey }, ctx);
  }

  private async intent(
    path: string,
    request: { idempotencyKey: string },
    ctx: CallContext,
  ): Promise<AuthorizationResult> {
    const { body: pi, duplicate } = await this.create<PaymentIntentBody>(path, request, ctx);
    return {
      authorizationId: pi.id,
      status: pi.status,
      amount: pi.amount,
      amountReceived: pi.amountReceived,
      duplicate,
      ...(pi.failureReason ? { failureReason: pi.failureReason } : {}),
    };
  }

  /**
   * POSTs a refund, charge, authorization, capture or void under its Idempotency-Key; `duplicate` when the provider replayed
   * the first answer (`Idempotent-Replayed: true`).
   */
  private async create<T>(
    path: string,
    { idempotencyKey, ...body }: { idempotencyKey: string },
    ctx: CallContext,
  ): Promise<{ body: T; duplicate: boolean }> {
    const response = await this.http.send<T>(
      { method: 'POST', path, body, headers: { 'idempotency-key': idempotencyKey } },
      ctx,
    );
    return {
      body: response.body as T,
      duplicate: response.headers.get('idempotent-replayed') === 'true',
    };
  }

  async findCharge(chargeId: string, ctx: CallContext): Promise<ProviderCharge | undefined> {
    try {
      const response = await this.http.send<ChargeBody>(
        { method: 'GET', path: `/payments/v1/charges/${encodeURIComponent(chargeId)}` },
        ctx,
      );
      const c = response.body as ChargeBody;
      return {
        chargeId: c.id,
        status: c.status,
        amount: c.amount,
        currency: c.currency,
        paymentReference: c.paymentReference,
        metadata: c.metadata ?? {},
        createdAt: c.createdAt,
      };
    } catch (err) {
      if (err instanceof BackofficeRejectedError && err.status === 404) return undefined;
      throw err;
    }
  }

  async listRefunds(
    window: { from: Date; to: Date },
    ctx: CallContext,
    onPage?: (readSoFar: number) => void,
  ): Promise<ProviderRefund[]> {
    // Seconds are the provider's resolution: widen to whole seconds, then keep the exact window.
    const query = {
      'created[gte]': unixSeconds(window.from),
      'created[lt]': unixSeconds(window.to) + 1,
      limit: PAGE_SIZE,
    };
    const all: ProviderRefund[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.http.send<{ data: RefundBody[]; has_more: boolean }>(
        {
          method: 'GET',
          path: '/payments/v1/refunds',
          query: after ? { ...query, starting_after: after } : query,
        },
        ctx,
      );
      const { data, has_more } = page.body as { data: RefundBody[]; has_more: boolean };
      all.push(...data.map(toProviderRefund));
      onPage?.(all.length);
      if (!has_more || data.length === 0) break;
      after = data[data.length - 1].id;
    }
    return all.filter((r) => {
      const at = Date.parse(r.createdAt);
      return at >= window.from.getTime() && at < window.to.getTime();
    });
  }

  async findRefund(refundId: string, ctx: CallContext): Promise<ProviderRefund | undefined> {
    try {
      const response = await this.http.send<RefundBody>(
        { method: 'GET', path: `/payments/v1/refunds/${encodeURIComponent(refundId)}` },
        ctx,
      );
      return toProviderRefund(response.body as RefundBody);
    } catch (err) {
      if (err instanceof BackofficeRejectedError && err.status === 404) return undefined;
      throw err;
    }
  }
}
