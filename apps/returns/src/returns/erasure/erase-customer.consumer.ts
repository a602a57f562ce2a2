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
import { SERVICE_NAME } from '../../config/env';
import { ReturnsRepository } from '../persistence/returns.repository';

/**
 * `retail.masterdata.v1.customer.erased` (ADR 0035): the customer's returns keep their ids,
 * lines and amounts and lose whatever could name the person, then `customer-erasure.completed`
 * is enqueued in the same transaction, once (inbox).
 */
@Controller()
export class EraseCustomerConsumer implements JetStreamHandler<unknown> {
  private readonly logger = new Logger(EraseCustomerConsumer.name);

  constructor(
    private readonly inbox: InboxService,
    private readonly returns: ReturnsRepository,
    private readonly outbox: OutboxService,
  ) {}

  @ConsumeEvents({
    durable: 'returns--erase-customer',
    stream: DOMAIN_STREAMS.masterdata.name,
    filterSubject: SUBJECTS.CUSTOMER_ERASED,
  })
  async handle(
    @Payload() plain: CloudEvent<unknown>,
    @Ctx() meta: MessageMeta,
  ): Promise<ConsumerResult> {
    const { id, data } = validEvent<CustomerErasedEvent>(plain);
    const customerId = data.customerId;
    let returns = 0;
    const outcome = await this.inbox.runOnce(meta.consumer, id, async (m) => {
      returns = await this.returns.eraseCustomer(m, customerId);
      await this.outbox.enqueue(m, customerErasureCompleted(SERVICE_NAME, customerId));
    });
    if (outcome !== 'processed') return Skipped;
    this.logger.log({ customerId, returns }, 'customer erased from returns');
    return Ok;
  }
}
