import { genericErrors } from '../errors';
import { CallContext, HttpAdapterOptions, HttpJsonClient } from '@retail/platform-http-client';
import { PaymentsAdapter, RefundRequest, RefundResult, RefundStatus } from './payments-adapter';

interface RefundBody {
  id: string;
  status: RefundStatus;
  failureReason?: string;
}

/** Stripe-like provider: `POST /payments/v1/refunds` with an `Idempotency-Key` header. */
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
    const { idempotencyKey, ...body } = request;
    const response = await this.http.send<RefundBody>(
      {
        method: 'POST',
        path: '/payments/v1/refunds',
        body,
        headers: { 'idempotency-key': idempotencyKey },
      },
      ctx,
    );
    const refund = response.body as RefundBody;
    return {
      refundId: refund.id,
      status: refund.status,
      duplicate: response.headers.get('idempotent-replayed') === 'true',
      ...(refund.failureReason ? { failureReason: refund.failureReason } : {}),
    };
  }
}
