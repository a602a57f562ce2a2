import { Ctx, Payload } from '@nestjs/microservices';
import { Controller, Logger } from '@nestjs/common';
import {
  CloudEvent,
  CustomerErasedEvent,
  customerErasureCompleted,
  SUBJECTS,
} from '@retail/contracts';
import {
  ConsumerResult,
  InboxService,
  ConsumeEvents,
  JetStreamHandler,
  MessageMeta,
  Ok,
  OutboxService,
  Skipped,
  validEvent,
} from '@retail/platform-messaging';
import { DataSource } from 'typeorm';
import { SERVICE_NAME } from '../../config/env';
import { OrdersRepository } from '../persistence/orders.repository';
import { CUSTOMER_ORDERS, SCRUB_ACCEPTED_IN_OUTBOX } from './erasure-sql';
import { OrderEventsEraser } from './order-events.eraser';

/**
 * `retail.masterdata.v1.customer.erased` (ADR 0035), in three idempotent steps:
 * 1. one transaction: the customer's name, e-mail, phone and addresses leave every order matched
 *    to them, their raw payloads are replaced, and their `order.accepted` outbox rows carry the
 *    erased order;
 * 2. those orders' `order.accepted` messages (and dead letters of them) are deleted from the
 *    streams;
 * 3. once (inbox), `customer-erasure.completed` is enqueued, so master-data hears of the erasure
 *    only when the tables and the streams are clean.
 * A failure in any step retries the whole (steps 1 and 2 find nothing left to do the second time).
 */
@Controller()
export class EraseCustomerConsumer implements JetStreamHandler<unknown> {
  private readonly logger = new Logger(EraseCustomerConsumer.name);

  constructor(
    private readonly db: DataSource,
    private readonly inbox: InboxService,
    private readonly orders: OrdersRepository,
    private readonly outbox: OutboxService,
    private readonly streams: OrderEventsEraser,
  ) {}

  @ConsumeEvents({
    durable: 'order-ingestion--erase-customer',
    stream: 'RETAIL_MASTERDATA',
    filterSubject: SUBJECTS.CUSTOMER_ERASED,
  })
  async handle(
    @Payload() plain: CloudEvent<unknown>,
    @Ctx() meta: MessageMeta,
  ): Promise<ConsumerResult> {
    const event = validEvent<CustomerErasedEvent>(plain);
    const customerId = event.data.customerId;
    const { erased, orders } = await this.db.transaction(async (m) => {
      const rows: Array<{ id: string; createdAt: Date }> = await m.query(CUSTOMER_ORDERS, [
        customerId,
      ]);
      const counts = await this.orders.eraseCustomer(m, customerId);
      await m.query(SCRUB_ACCEPTED_IN_OUTBOX, [customerId]);
      return { erased: counts, orders: rows };
    });
    const messages = orders.length
      ? await this.streams.erase(
          orders.map((o) => o.id),
          orders[0].createdAt,
        )
      : 0;
    const outcome = await this.inbox.runOnce(meta.consumer, event.id, async (m) => {
      const counts = { ordersErased: erased.orders };
      await this.outbox.enqueue(m, customerErasureCompleted(SERVICE_NAME, customerId, counts));
    });
    if (outcome !== 'processed') return Skipped;
    this.logger.log({ customerId, ...erased, messages }, 'customer erased from orders');
    return Ok;
  }
}
