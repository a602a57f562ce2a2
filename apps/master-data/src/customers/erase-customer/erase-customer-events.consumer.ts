import { Ctx, Payload } from '@nestjs/microservices';
import { Controller, Logger } from '@nestjs/common';
import {
  type CloudEvent,
  type CustomerErasedEvent,
  DOMAIN_STREAMS,
  SUBJECTS,
} from '@retail/contracts';
import {
  type ConsumerResult,
  ConsumeEvents,
  eraseEvents,
  InboxService,
  type JetStreamHandler,
  type MessageMeta,
  NatsClient,
  Ok,
  Skipped,
  validEvent,
} from '@retail/platform-messaging';
import { DataSource } from 'typeorm';
import { SERVICE_NAME } from '../../config/env';
import { CustomerQueries } from '../persistence/customer.queries';
import { ErasureCompletionsRepository } from '../persistence/erasure-completions.repository';

/**
 * Master-data's own part of an erasure, after `DELETE /v1/customers/{id}` committed (ADR 0035):
 * the customer's `customer.changed` events (their channel identities) leave `RETAIL_MASTERDATA`
 * and the dead-letter stream, then master-data's completion is recorded once (inbox), beside the
 * other services' confirmations. A customer not (or no longer) erased here is skipped.
 */
@Controller()
export class EraseCustomerEventsConsumer implements JetStreamHandler<unknown> {
  private readonly logger = new Logger(EraseCustomerEventsConsumer.name);

  constructor(
    private readonly db: DataSource,
    private readonly inbox: InboxService,
    private readonly nats: NatsClient,
    private readonly customers: CustomerQueries,
    private readonly completions: ErasureCompletionsRepository,
  ) {}

  @ConsumeEvents({
    durable: 'master-data--erase-customer-events',
    stream: DOMAIN_STREAMS.masterdata.name,
    filterSubject: SUBJECTS.CUSTOMER_ERASED,
  })
  async handle(
    @Payload() plain: CloudEvent<unknown>,
    @Ctx() meta: MessageMeta,
  ): Promise<ConsumerResult> {
    const { id, data } = validEvent<CustomerErasedEvent>(plain);
    const customerId = data.customerId;
    const erasure = await this.customers.erasure(customerId);
    if (!erasure) return Skipped;
    const erased = await eraseEvents(this.nats, {
      stream: DOMAIN_STREAMS.masterdata.name,
      type: SUBJECTS.CUSTOMER_CHANGED,
      since: erasure.createdAt,
      match: (event) => event.subject === customerId,
    });
    const completion = { service: SERVICE_NAME, completedAt: new Date().toISOString() };
    const outcome = await this.db.transaction((m) =>
      this.inbox.runOnceIn(m, meta.consumer, id, (tx) =>
        this.completions.record(tx, customerId, completion, id),
      ),
    );
    if (outcome !== 'processed') return Skipped;
    this.logger.log({ customerId, ...erased }, 'customer events erased from the streams');
    return Ok;
  }
}
