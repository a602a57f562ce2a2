import { Injectable } from '@nestjs/common';
import { OrderStatus, OrderStatusChangedEvent, SUBJECTS } from '@retail/contracts';
import { OutboxService } from '@retail/platform-messaging';
import type { EntityManager } from 'typeorm';

export interface JournalEntry {
  orderId: string;
  channel: string;
  channelOrderId: string;
  from?: OrderStatus;
  to: OrderStatus;
  /** The pipeline step or use case that made the change. */
  step: string;
  /** Event, delivery or request id that caused it. */
  cause?: string;
  reason?: string;
  /** What was transformed (mapper notes, SKU resolutions, instructions ...). */
  transformations?: unknown[];
}

/**
 * Writes the order timeline and, when the status changed, the `order.status-changed` event, in
 * the caller's transaction: the timeline and the events can never disagree.
 */
@Injectable()
export class OrderJournal {
  constructor(private readonly outbox: OutboxService) {}

  async record(manager: EntityManager, entry: JournalEntry): Promise<void> {
    await manager.query(
      `INSERT INTO order_timeline
         (order_id, from_status, to_status, step, cause_event_id, reason, transformations)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
      [
        entry.orderId,
        entry.from ?? null,
        entry.to,
        entry.step,
        entry.cause ?? null,
        entry.reason ?? null,
        JSON.stringify(entry.transformations ?? []),
      ],
    );
    if (entry.from && entry.from !== entry.to) await this.announce(manager, entry);
  }

  private async announce(manager: EntityManager, entry: JournalEntry): Promise<void> {
    const data: OrderStatusChangedEvent = {
      orderId: entry.orderId,
      channel: entry.channel,
      channelOrderId: entry.channelOrderId,
      previousStatus: entry.from!,
      status: entry.to,
      ...(entry.reason ? { reason: entry.reason.slice(0, 500) } : {}),
      changedAt: new Date().toISOString(),
    };
    await this.outbox.enqueue(manager, {
      type: SUBJECTS.ORDER_STATUS_CHANGED,
      subject: entry.orderId,
      data,
    });
  }
}
