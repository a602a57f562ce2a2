import { Injectable } from '@nestjs/common';
import { JobStore } from '@retail/platform-jobs';
import { DataSource } from 'typeorm';
import { OrderException } from '../domain/order.exception';
import { PIPELINE_QUEUE } from '../persistence/order-intake';
import { OrdersRepository } from '../persistence/orders.repository';

/**
 * An administrator releases a pending payment, fraud-review or intake hold; the pipeline carries
 * on. A `failed` payment is never released by hand: it proceeds only after a payment status
 * update to `authorized` or `captured` (POST /v1/orders/{id}/payment-status, ADR 0037).
 */
@Injectable()
export class ReleaseHoldHandler {
  constructor(
    private readonly db: DataSource,
    private readonly orders: OrdersRepository,
  ) {}

  async execute(orderId: string, correlationId: string) {
    await this.db.transaction(async (m) => {
      const order = await this.orders.lock(m, orderId);
      if (!order) throw OrderException.notFound(orderId);
      if (order.status !== 'on_hold')
        throw new OrderException('order-not-on-hold', `order is ${order.status}, not on_hold`);
      if (order.order.payment.status === 'failed')
        throw new OrderException(
          'payment-failed',
          'the payment failed: the order proceeds only after a payment status update to authorized or captured',
        );
      const reason = 'hold released by an administrator';
      await this.orders.apply(m, order, {
        status: 'received',
        reason: null,
        holdReleased: true,
        cause: correlationId,
        entries: [{ from: 'on_hold', to: 'received', step: 'release-hold', reason }],
      });
      await JobStore.enqueue(m, PIPELINE_QUEUE, [{ key: orderId }]);
    });
    return { orderId, status: 'received', correlationId };
  }
}
