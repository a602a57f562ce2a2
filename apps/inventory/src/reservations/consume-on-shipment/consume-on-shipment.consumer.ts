import { Ctx, Payload } from '@nestjs/microservices';
import { Controller } from '@nestjs/common';
import { CloudEvent, SUBJECTS } from '@retail/contracts';
import {
  ConsumerResult,
  InboxService,
  ConsumeEvents,
  JetStreamHandler,
  MessageMeta,
  Ok,
  Skipped,
} from '@retail/platform-messaging';
import { DataSource } from 'typeorm';
import { withTxRetry } from '../../common/transaction-retry';
import { ConsumeShipmentHandler } from './consume-shipment.handler';
import { parseShipment } from './shipment';

/** `retail.orders.v1.order.shipped`: consumes the lines' reservations, once (inbox). */
@Controller()
export class ConsumeOnShipmentConsumer implements JetStreamHandler<unknown> {
  constructor(
    private readonly db: DataSource,
    private readonly inbox: InboxService,
    private readonly handler: ConsumeShipmentHandler,
  ) {}

  @ConsumeEvents({
    durable: 'inventory--consume-on-shipment',
    stream: 'RETAIL_ORDERS',
    filterSubject: SUBJECTS.ORDER_SHIPPED,
  })
  async handle(
    @Payload() event: CloudEvent<unknown>,
    @Ctx() meta: MessageMeta,
  ): Promise<ConsumerResult> {
    const shipment = parseShipment(event);
    await this.handler.prepare(shipment);
    const outcome = await withTxRetry(() =>
      this.db.transaction((manager) =>
        this.inbox.runOnceIn(manager, meta.consumer, event.id, (m) =>
          this.handler.executeIn(m, shipment),
        ),
      ),
    );
    return outcome === 'processed' ? Ok : Skipped;
  }
}
