import type { CanonicalOrder } from '@retail/contracts';
import type { OrderView } from './order-view';

export const ORDERS_CLIENT = Symbol('ORDERS_CLIENT');

export interface ReplacementOrderResult {
  orderId: string;
  status: string;
}

/**
 * Order-ingestion as returns sees it. Behind an interface so unit tests use a fake; the running
 * service and every integration test talk to the real order service over HTTP.
 */
export interface OrdersClient {
  /** Undefined when the order does not exist (404). */
  getOrder(orderId: string): Promise<OrderView | undefined>;
  /** Creates the replacement order of an exchange; `idempotencyKey` makes a repeat a no-op. */
  createOrder(order: CanonicalOrder, idempotencyKey: string): Promise<ReplacementOrderResult>;
}
