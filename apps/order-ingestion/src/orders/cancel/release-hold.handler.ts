import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrderException } from '../domain/order.exception';
import { OrderJournal } from '../persistence/order-journal';
import { OrdersRepository } from '../persistence/orders.repository';
import { PipelineSignal } from '../pipeline/pipeline-signal';

/** An administrator releases a payment or fraud-review hold; the pipeline carries on. */
@Injectable()
export class ReleaseHoldHandler {
  constructor(
    private readonly db: DataSource,
    private readonly orders: OrdersRepository,
    private readonly journal: OrderJournal,
    private readonly signal: PipelineSignal,
  ) {}

  async execute(orderId: string, correlationId: string) {
    await this.db.transaction(async (m) => {
      const order = await this.orders.lock(m, orderId);
      if (!order) throw OrderException.notFound(orderId);
      if (order.status !== 'on_hold')
        throw new OrderException('order-not-on-hold', `order is ${order.status}, not on_hold`);
      await m.query(
        `UPDATE orders SET hold_released = true, status = 'received', status_reason = NULL,
                next_attempt_at = now(), last_cause = $2, updated_at = now() WHERE id = $1`,
        [orderId, correlationId],
      );
      await this.journal.record(m, {
        orderId,
        channel: order.channel,
        channelOrderId: order.channelOrderId,
        from: 'on_hold',
        to: 'received',
        step: 'release-hold',
        cause: correlationId,
        reason: 'hold released by an administrator',
      });
    });
    this.signal.wake();
    return { orderId, status: 'received', correlationId };
  }
}
