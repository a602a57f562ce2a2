import { Controller, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CloudEvent, DOMAIN_STREAMS } from '@retail/contracts';
import {
  ConsumeEvents,
  ConsumerResult,
  JetStreamHandler,
  MessageMeta,
  Ok,
  Skipped,
  validEvent,
} from '@retail/platform-messaging';
import { DataSource } from 'typeorm';
import { OrdersRepository } from '../persistence/orders.repository';
import { orderReturnUpdate } from './return-update';

/**
 * `retail.returns.v1.return.*` -> the returns that touched the order and its returned quantities
 * (`GET /v1/orders/{id}`, ADR 0040). One durable consumer of every return event, so one return's
 * events are handled in stream order; the write is idempotent (the furthest status wins), so a
 * redelivery needs no inbox. An invalid event is dead-lettered; a return of an order this service
 * never took is skipped.
 */
@Controller()
export class OrderReturnsConsumer implements JetStreamHandler<unknown> {
  private readonly logger = new Logger(OrderReturnsConsumer.name);

  constructor(
    private readonly db: DataSource,
    private readonly orders: OrdersRepository,
  ) {}

  @ConsumeEvents({
    durable: 'order-ingestion--order-returns',
    stream: DOMAIN_STREAMS.returns.name,
    filterSubject: 'retail.returns.v1.return.>',
  })
  async handle(
    @Payload() plain: CloudEvent<unknown>,
    @Ctx() meta: MessageMeta,
  ): Promise<ConsumerResult> {
    const event = validEvent<{ returnId: string; orderId: string }>(plain);
    const update = orderReturnUpdate(event.type, event.data);
    if (!update) return Skipped;
    const known = await this.orders.recordReturn(this.db.manager, update);
    if (!known) {
      this.logger.warn(
        { returnId: update.returnId, orderId: update.orderId, consumer: meta.consumer },
        'return of an unknown order skipped',
      );
      return Skipped;
    }
    return Ok;
  }
}
