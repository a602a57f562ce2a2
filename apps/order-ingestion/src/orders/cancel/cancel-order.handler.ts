import { Injectable } from '@nestjs/common';
import { CancelOrder, OrderCancelledEvent, SUBJECTS } from '@retail/contracts';
import { JobStore } from '@retail/platform-jobs';
import { assertCanActFor, Principal } from '@retail/platform-http';
import { OutboxService } from '@retail/platform-messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { ErpQueue } from '../erp/erp-queue';
import { OrderException } from '../domain/order.exception';
import type { OrderState } from '../domain/order-state';
import { PIPELINE_QUEUE } from '../persistence/order-intake';
import { OrdersRepository } from '../persistence/orders.repository';

export interface CancelOrderResult {
  orderId: string;
  status: 'cancelled';
  correlationId: string;
}

/**
 * Cancels an order that has shipped nothing. One transaction: status `cancelled`, the pipeline
 * moved to its `release` step and its job queued (reservations are released by the worker, over
 * HTTP), the ERP side queued (a create still waiting in the queue is simply dropped; one already
 * sent or in flight gets a cancel, which never runs before the create), `order.cancelled`.
 */
@Injectable()
export class CancelOrderHandler {
  constructor(
    private readonly db: DataSource,
    private readonly orders: OrdersRepository,
    private readonly outbox: OutboxService,
    private readonly erp: ErpQueue,
  ) {}

  async execute(
    orderId: string,
    body: CancelOrder,
    principal: Principal,
    correlationId: string,
  ): Promise<CancelOrderResult> {
    await this.db.transaction(async (m) => {
      const order = await this.orders.lock(m, orderId);
      if (!order) throw OrderException.notFound(orderId);
      assertCanActFor(principal, order.channel);
      if (order.status === 'cancelled') return;
      if (order.lines.some((l) => l.shippedQuantity > 0))
        throw new OrderException(
          'order-already-shipped',
          'lines of this order were already shipped',
        );
      await this.cancelLocked(m, order, body, correlationId);
    });
    return { orderId, status: 'cancelled', correlationId };
  }

  /**
   * The cancellation itself, on an order the caller locked and checked (not cancelled, nothing
   * shipped): every path that cancels (a request, a failed payment's grace period, a fraud
   * reject) goes through here, so each publishes `order.cancelled` once.
   */
  async cancelLocked(m: EntityManager, order: OrderState, body: CancelOrder, cause: string) {
    const reason = body.reason ?? body.reasonCode ?? 'cancelled on request';
    await this.orders.apply(m, order, {
      status: 'cancelled',
      step: 'release',
      reason,
      cause,
      entries: [{ from: order.status, to: 'cancelled', step: 'cancel', reason }],
    });
    await JobStore.enqueue(m, PIPELINE_QUEUE, [{ key: order.id }]);
    const dropped = await this.erp.dropWaitingCreate(m, order.id);
    if (!dropped && ['queued', 'confirmed'].includes(order.erpState))
      await this.erp.enqueue(m, order.id, 'cancel');
    await this.announce(m, order, body);
  }

  /**
   * `order.cancelled` for an order cancelled in `m` (also by the pipeline, when a fraud reject
   * arrives with the order and its holds step cancels it before anything was reserved).
   */
  async announce(m: EntityManager, order: OrderState, body: CancelOrder): Promise<void> {
    const data: OrderCancelledEvent = {
      orderId: order.id,
      channel: order.channel,
      channelOrderId: order.channelOrderId,
      lines: order.lines.map((l) => ({ lineId: l.lineId, sku: l.sku ?? '', quantity: l.quantity })),
      ...(body.reasonCode ? { reasonCode: body.reasonCode } : {}),
      ...(body.reason ? { reason: body.reason } : {}),
      cancelledAt: new Date().toISOString(),
    };
    await this.outbox.enqueue(m, { type: SUBJECTS.ORDER_CANCELLED, subject: order.id, data });
  }
}
