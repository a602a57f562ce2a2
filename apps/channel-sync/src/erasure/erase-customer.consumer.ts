import { Ctx, Payload } from '@nestjs/microservices';
import { Controller, Logger } from '@nestjs/common';
import {
  type CloudEvent,
  customerErasureCompleted,
  type CustomerErasedEvent,
  DOMAIN_STREAMS,
  SUBJECTS,
} from '@retail/contracts';
import {
  type ConsumerResult,
  InboxService,
  ConsumeEvents,
  type JetStreamHandler,
  type MessageMeta,
  Ok,
  OutboxService,
  Skipped,
  validEvent,
} from '@retail/platform-messaging';
import { SERVICE_NAME } from '../config/env';

/**
 * `retail.masterdata.v1.customer.erased` (ADR 0035): channel-sync stores nothing per person
 * (orders are forwarded as they are pulled; queues hold ids, carriers and amounts), so it only
 * confirms: `customer-erasure.completed` is enqueued once per event (inbox), so that the
 * customer's erasure progress shows every holder.
 */
@Controller()
export class EraseCustomerConsumer implements JetStreamHandler<unknown> {
  private readonly logger = new Logger(EraseCustomerConsumer.name);

  constructor(
    private readonly inbox: InboxService,
    private readonly outbox: OutboxService,
  ) {}

  @ConsumeEvents({
    durable: 'channel-sync--erase-customer',
    stream: DOMAIN_STREAMS.masterdata.name,
    filterSubject: SUBJECTS.CUSTOMER_ERASED,
  })
  async handle(
    @Payload() plain: CloudEvent<unknown>,
    @Ctx() meta: MessageMeta,
  ): Promise<ConsumerResult> {
    const { id, data } = validEvent<CustomerErasedEvent>(plain);
    const customerId = data.customerId;
    const outcome = await this.inbox.runOnce(meta.consumer, id, async (m) => {
      await this.outbox.enqueue(m, customerErasureCompleted(SERVICE_NAME, customerId));
    });
    if (outcome !== 'processed') return Skipped;
    this.logger.log({ customerId }, 'customer erasure confirmed by channel-sync');
    return Ok;
  }
}
