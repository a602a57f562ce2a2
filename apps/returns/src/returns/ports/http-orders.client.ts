import type { CanonicalOrder } from '@retail/contracts';
import { callJson } from './http-call';
import { toOrderView } from './order-mapping';
import type { OrderView } from './order-view';
import type { OrdersClient, ReplacementOrderResult } from './orders-client';

/** Order-ingestion over HTTP (`ORDERS_BASE_URL`, `ORDERS_API_KEY`). */
export class HttpOrdersClient implements OrdersClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  async getOrder(orderId: string): Promise<OrderView | undefined> {
    const answer = await callJson<Record<string, unknown>>({
      dependency: 'order-ingestion',
      method: 'GET',
      url: `${this.baseUrl}/v1/orders/${encodeURIComponent(orderId)}`,
      apiKey: this.apiKey,
    });
    return answer.body ? toOrderView(answer.body) : undefined;
  }

  async createOrder(
    order: CanonicalOrder,
    idempotencyKey: string,
  ): Promise<ReplacementOrderResult> {
    const answer = await callJson<ReplacementOrderResult>({
      dependency: 'order-ingestion',
      method: 'POST',
      url: `${this.baseUrl}/v1/orders`,
      apiKey: this.apiKey,
      body: order,
      headers: { 'idempotency-key': idempotencyKey },
    });
    return answer.body as ReplacementOrderResult;
  }
}
