import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { ordersIngested } from '../metrics';
import { OrderIntake } from '../persistence/order-intake';
import { IngestOrderCommand, IngestOrderResult } from './ingest-order.command';

/**
 * Stores an order durably, once: one statement writes the order and its lines, the raw payload,
 * the delivery keys, the first timeline entry, the `order.accepted` outbox event and the
 * pipeline job (see OrderIntake). The same channel order sent again (retries, duplicate
 * webhooks, another event id) finds the row the unique (channel, channel_order_id) constraint
 * kept, and creates nothing. Nothing slow runs before the commit.
 */
@Injectable()
export class IngestOrderHandler {
  constructor(private readonly intake: OrderIntake) {}

  async execute(cmd: IngestOrderCommand): Promise<IngestOrderResult> {
    const id = uuidv7();
    const cause = cmd.dedupeKeys[0] ?? cmd.correlationId;
    const created = await this.intake.accept(id, cmd, cause);
    const result = created
      ? { orderId: id, status: 'received', created }
      : { ...(await this.intake.existing(cmd)), created };
    ordersIngested().inc({
      channel: cmd.order.channel,
      outcome: created ? 'accepted' : 'duplicate',
    });
    return result;
  }
}
