import { Ctx, Payload } from '@nestjs/microservices';
import { Controller, Logger } from '@nestjs/common';
import {
  type CloudEvent,
  CUSTOMER_ERASURE_COMPLETED_SUBJECT,
  type CustomerErasureCompletedEvent,
  DOMAIN_STREAMS,
} from '@retail/contracts';
import {
  type ConsumerResult,
  InboxService,
  ConsumeEvents,
  type JetStreamHandler,
  type MessageMeta,
  Ok,
  Skipped,
  validEvent,
} from '@retail/platform-messaging';
import { DataSource } from 'typeorm';
import { ErasureCompletionsRepository } from '../persistence/erasure-completions.repository';

/**
 * `retail.orders.v1.customer-erasure.completed`: records that a service erased its copy of a
 * customer, once per event (inbox, same transaction). An invalid event is dead-lettered at once.
 */
@Controller()
export class ErasureCompletedConsumer implements JetStreamHandler<unknown> {
  private readonly logger = new Logger(ErasureCompletedConsumer.name);

  constructor(
    private readonly db: DataSource,
    private readonly inbox: InboxService,
    private readonly completions: ErasureCompletionsRepository,
  ) {}

  @ConsumeEvents({
    durable: 'master-data--erasure-completed',
    stream: DOMAIN_STREAMS.orders.name,
    filterSubject: CUSTOMER_ERASURE_COMPLETED_SUBJECT,
  })
  async handle(
    @Payload() plain: CloudEvent<unknown>,
    @Ctx() meta: MessageMeta,
  ): Promise<ConsumerResult> {
    const { id, data } = validEvent<CustomerErasureCompletedEvent>(plain);
    const { customerId, service, ordersErased, erasedAt } = data;
    const outcome = await this.db.transaction((m) =>
      this.inbox.runOnceIn(m, meta.consumer, id, (tx) =>
        this.completions.record(
          tx,
          customerId,
          { service, completedAt: erasedAt, ordersErased },
          id,
        ),
      ),
    );
    if (outcome !== 'processed') return Skipped;
    this.logger.log({ customerId, service, ordersErased }, 'customer erasure confirmed');
    return Ok;
  }
}
