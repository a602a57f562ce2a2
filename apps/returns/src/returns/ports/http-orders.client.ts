import type { CanonicalOrder } from '@retail/contracts';
import type { ServiceClient } from '@retail/platform-http-client';
import { toOrderView } from './order-mapping';
import type { OrderView } from './order-view';
import type { OrdersClient, ReplacementOrderResult } from './orders-client';

/**
 * Order-ingestion over HTTP (ORDERS_BASE_URL, our SERVICE_API_KEY). Failures are the platform's
 * typed dependency errors: a refused key (DependencyAuthError) and an outage are retryable.
 */
export class HttpOrdersClient implements OrdersClient {
  constructor(private readonly client: ServiceClient) {}

  async getOrder(orderId: string): Promise<OrderView | undefined> {
    const answer = await this.client.send<Record<string, unknown>>({
      method: 'GET',
      path: `/v1/orders/${encodeURIComponent(orderId)}`,
      accept: [404],
    });
    return answer.status === 404 || !answer.body ? undefined : toOrderView(answer.body);
  }

  async createOrder(
    order: CanonicalOrder,
    idempotencyKey: string,
  ): Promise<ReplacementOrderResult> {
    const answer = await this.client.send<ReplacementOrderResult>({
      method: 'POST',
      path: '/v1/orders',
      body: order,
      headers: { 'idempotency-key': idempotencyKey },
      retryOn: [409],
    });
    return answer.body as ReplacementOrderResult;
  }
}
