import { Ctx, Payload } from '@nestjs/microservices';
import { Controller, Logger } from '@nestjs/common';
import {
  CloudEvent,
  CUSTOMER_ERASURE_COMPLETED_SUBJECT,
  CustomerErasedEvent,
  CustomerErasureCompletedEvent,
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

/**
 * `retail.masterdata.v1.customer.erased`: the customer's name, e-mail, phone and addresses leave
 * every order matched to them and those orders' raw payloads, once (inbox), in one transaction.
 * The same transaction enqueues `customer-erasure.completed`, so master-data hears of the
 * erasure exactly when it has committed, never before and never for a rolled-back one.
 */
@Controller()
export class EraseCustomerConsumer implements JetStreamHandler<unknown> {
  private readonly logger = new Logger(EraseCustomerConsumer.name);

  constructor(
    private readonly db: DataSource,
    private readonly inbox: InboxService,
    private readonly orders: OrdersRepository,
    private readonly outbox: OutboxService,
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
    const outcome = await this.db.transaction((manager) =>
      this.inbox.runOnceIn(manager, meta.consumer, event.id, async (m) => {
        const erased = await this.orders.eraseCustomer(m, customerId);
        const data: CustomerErasureCompletedEvent = {
          customerId,
          service: SERVICE_NAME,
          ordersErased: erased.orders,
          erasedAt: new Date().toISOString(),
        };
        await this.outbox.enqueue(m, {
          type: CUSTOMER_ERASURE_COMPLETED_SUBJECT,
          subject: customerId,
          data,
        });
        this.logger.log({ customerId, ...erased }, 'customer erased from orders');
      }),
    );
    return outcome === 'processed' ? Ok : Skipped;
  }
}
