import { Inject, Injectable } from '@nestjs/common';
import { ReturnException } from '../domain/return.exception';
import { DependencyUnavailableError } from '@retail/platform-http-client';
import type { OrderView } from '../ports/order-view';
import { ORDERS_CLIENT, OrdersClient } from '../ports/orders-client';

/** Reads the order for an authorization; order-ingestion down is a 503 the client may retry. */
@Injectable()
export class OrderLoader {
  constructor(@Inject(ORDERS_CLIENT) private readonly orders: OrdersClient) {}

  async load(orderId: string): Promise<OrderView> {
    let order: OrderView | undefined;
    try {
      order = await this.orders.getOrder(orderId);
    } catch (error) {
      if (error instanceof DependencyUnavailableError)
        throw ReturnException.unavailable(`order service unavailable: ${error.message}`);
      throw error;
    }
    if (!order) throw ReturnException.orderNotFound(orderId);
    return order;
  }
}
