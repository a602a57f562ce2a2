import { Injectable, Logger } from '@nestjs/common';
import { DOMAIN_STREAMS, SUBJECTS } from '@retail/contracts';
import { eraseEvents, NatsClient } from '@retail/platform-messaging';

/** How far before an order's creation its `order.accepted` may have been stamped (clock skew). */
const SKEW_MS = 60_000;

/**
 * Removes an erased customer's orders from the streams (ADR 0035). `order.accepted` is the one
 * orders event that carries a person (the canonical order's customer and addresses); every other
 * carries ids only. Its messages for these orders leave `RETAIL_ORDERS`, and so do the dead
 * letters that copied them into `RETAIL_DLQ`, read from the oldest order's creation on.
 */
@Injectable()
export class OrderEventsEraser {
  private readonly logger = new Logger(OrderEventsEraser.name);

  constructor(private readonly nats: NatsClient) {}

  async erase(orderIds: readonly string[], oldest: Date): Promise<number> {
    if (orderIds.length === 0) return 0;
    const ours = new Set(orderIds);
    const erased = await eraseEvents(this.nats, {
      stream: DOMAIN_STREAMS.orders.name,
      type: SUBJECTS.ORDER_ACCEPTED,
      since: new Date(oldest.getTime() - SKEW_MS),
      match: (event) => ours.has(String(event.subject)),
    });
    if (erased.messages + erased.deadLetters > 0) this.logger.log(erased, 'erased order events');
    return erased.messages + erased.deadLetters;
  }
}
