import { Injectable } from '@nestjs/common';
import { JobStore } from '@retail/platform-jobs';
import { DataSource } from 'typeorm';
import { ErpQueue } from '../erp/erp-queue';
import { OrderException } from '../domain/order.exception';
import type { OrderState } from '../domain/order-state';
import { PIPELINE_QUEUE } from '../persistence/order-intake';
import { OrdersRepository } from '../persistence/orders.repository';

export interface RetryOrderResult {
  orderId: string;
  status: 'awaiting_erp' | 'received';
  retriedStep: string;
  correlationId: string;
}

/**
 * An operator runs an order in `exception` again from the step that failed: an order the ERP
 * refused goes back to the ERP queue (the sales order is still upserted by external id, so it is
 * created at most once); any other exception re-enters the pipeline at its parked step. Either
 * way the timeline records who asked.
 */
@Injectable()
export class RetryOrderHandler {
  constructor(
    private readonly db: DataSource,
    private readonly orders: OrdersRepository,
    private readonly erpQueue: ErpQueue,
  ) {}

  async execute(orderId: string, requestedBy: string, correlationId: string) {
    return this.db.transaction(async (m): Promise<RetryOrderResult> => {
      const order = await this.orders.lock(m, orderId);
      if (!order) throw OrderException.notFound(orderId);
      if (order.status !== 'exception')
        throw new OrderException(
          'order-not-in-exception',
          `order is ${order.status}; only an order in exception can be retried`,
        );
      const reason = `retry requested by ${requestedBy}`;
      const erpRefused = order.erpState === 'rejected';
      const status = erpRefused ? 'awaiting_erp' : 'received';
      const retriedStep = erpRefused ? 'erp' : order.step;
      await this.orders.apply(m, order, {
        status,
        reason: null,
        ...(erpRefused ? { erpState: 'queued' } : {}),
        cause: correlationId,
        entries: [{ from: 'exception', to: status, step: `retry:${retriedStep}`, reason }],
      });
      await this.requeue(m, order, erpRefused);
      return { orderId, status, retriedStep, correlationId };
    });
  }

  private requeue(m: Parameters<ErpQueue['enqueue']>[0], order: OrderState, erp: boolean) {
    if (erp) return this.erpQueue.enqueue(m, order.id, 'create');
    return JobStore.enqueue(m, PIPELINE_QUEUE, [{ key: order.id }]);
  }
}
