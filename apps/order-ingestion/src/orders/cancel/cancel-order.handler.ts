import { Injectable } from '@nestjs/common';
import { CancelOrder, OrderCancelledEvent, SUBJECTS } from '@retail/contracts';
import { assertCanActFor, Principal } from '@retail/platform-http';
import { OutboxService } from '@retail/platform-messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { ERP_PRIORITY } from '../erp/erp-job';
import { OrderException } from '../domain/order.exception';
import type { OrderState } from '../domain/order-state';
import { OrderJournal } from '../persistence/order-journal';
import { OrdersRepository } from '../persistence/orders.repository';
import { PipelineSignal } from '../pipeline/pipeline-signal';

export interface CancelOrderResult {
  orderId: string;
  status: 'cancelled';
  correlationId: string;
}

/**
 * Cancels an order that has shipped nothing. One transaction: status `cancelled`, the pipeline
 * moved to its `release` step (reservations are released by the worker, over HTTP), the ERP
 * side queued (a create still waiting in the queue is simply dropped; one already sent gets a
 * high-priority cancel, which the queue never runs before the create), `order.cancelled`.
 */
@Injectable()
export class CancelOrderHandler {
  constructor(
    private readonly db: DataSource,
    private readonly orders: OrdersRepository,
    private readonly outbox: OutboxService,
    private readonly journal: OrderJournal,
    private readonly signal: PipelineSignal,
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
      await this.cancel(m, order, body, correlationId);
    });
    this.signal.wake();
    return { orderId, status: 'cancelled', correlationId };
  }

  private async cancel(m: EntityManager, order: OrderState, body: CancelOrder, cause: string) {
    const reason = body.reason ?? body.reasonCode ?? 'cancelled on request';
    await m.query(
      `UPDATE orders SET status = 'cancelled', status_reason = $2, step = 'release',
              next_attempt_at = now(), last_cause = $3, updated_at = now() WHERE id = $1`,
      [order.id, reason, cause],
    );
    await this.queueErpCancel(m, order.id);
    await this.journal.record(m, {
      orderId: order.id,
      channel: order.channel,
      channelOrderId: order.channelOrderId,
      from: order.status,
      to: 'cancelled',
      step: 'cancel',
      cause,
      reason,
    });
    const data: OrderCancelledEvent = {
      orderId: order.id,
      channel: order.channel,
      channelOrderId: order.channelOrderId,
      lines: order.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity })),
      ...(body.reasonCode ? { reasonCode: body.reasonCode } : {}),
      ...(body.reason ? { reason: body.reason } : {}),
      cancelledAt: new Date().toISOString(),
    };
    await this.outbox.enqueue(m, { type: SUBJECTS.ORDER_CANCELLED, subject: order.id, data });
  }

  private async queueErpCancel(m: EntityManager, orderId: string) {
    await m.query(
      `UPDATE erp_jobs SET state = 'skipped', done_at = now(), last_outcome = 'skipped'
        WHERE order_id = $1 AND operation = 'create' AND state = 'pending'`,
      [orderId],
    );
    await m.query(
      `INSERT INTO erp_jobs (order_id, operation, priority)
       SELECT $1, 'cancel', $2 WHERE EXISTS (
         SELECT 1 FROM erp_jobs WHERE order_id = $1 AND operation = 'create'
            AND state IN ('in_flight', 'done'))
       ON CONFLICT ON CONSTRAINT erp_jobs_order_operation_uq DO NOTHING`,
      [orderId, ERP_PRIORITY.cancel],
    );
  }
}
