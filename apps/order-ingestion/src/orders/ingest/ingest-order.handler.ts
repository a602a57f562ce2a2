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
 * kept, and creates nothing: answered by the same statement unless that row was committed after
 * the statement's snapshot. Nothing slow runs before the commit.
 */
@Injectable()
export class IngestOrderHandler {
  constructor(private readonly intake: OrderIntake) {}

  async execute(cmd: IngestOrderCommand): Promise<IngestOrderResult> {
    const id = uuidv7();
    const cause = cmd.dedupeKeys[0] ?? cmd.correlationId;
    const result = await this.intake.accept(id, cmd, cause);
    ordersIngested().inc({
      channel: cmd.order.channel,
      outcome: result.created ? 'accepted' : 'duplicate',
    });
    return result;
  }
}
