import { Injectable } from '@nestjs/common';
import { OrderAcceptedEvent, SUBJECTS } from '@retail/contracts';
import { OutboxService } from '@retail/platform-messaging';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, type EntityManager } from 'typeorm';
import { ordersIngested } from '../metrics';
import { OrderJournal } from '../persistence/order-journal';
import { PipelineSignal } from '../pipeline/pipeline-signal';
import { IngestOrderCommand, IngestOrderResult } from './ingest-order.command';

const INSERT_ORDER = `INSERT INTO orders
    (id, channel, channel_order_id, status, step, next_attempt_at, "order", erp_external_id,
     correlation_id, last_cause)
  VALUES ($1, $2, $3, 'received', 'validate', now(), $4::jsonb, $5, $6, $7)
  ON CONFLICT (channel, channel_order_id) DO NOTHING RETURNING id, status`;

/**
 * Stores an order durably, once. One transaction: the order and its lines, the raw payload,
 * the delivery keys, the first timeline entry and the `order.accepted` outbox event. The same
 * channel order sent again (retries, duplicate webhooks, another event id) finds the row the
 * unique (channel, channel_order_id) constraint kept, and creates nothing.
 */
@Injectable()
export class IngestOrderHandler {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxService,
    private readonly journal: OrderJournal,
    private readonly signal: PipelineSignal,
  ) {}

  async execute(cmd: IngestOrderCommand): Promise<IngestOrderResult> {
    const result = await this.db.transaction((m) => this.store(m, cmd));
    ordersIngested().inc({
      channel: cmd.order.channel,
      outcome: result.created ? 'accepted' : 'duplicate',
    });
    if (result.created) this.signal.wake();
    return result;
  }

  private async store(m: EntityManager, cmd: IngestOrderCommand): Promise<IngestOrderResult> {
    const { channel, channelOrderId } = cmd.order;
    const known = await this.knownDelivery(m, channel, cmd.dedupeKeys);
    if (known) {
      await this.rememberDeliveries(m, channel, cmd.dedupeKeys, known.orderId);
      return { ...known, created: false };
    }
    const id = uuidv7();
    const cause = cmd.dedupeKeys[0] ?? cmd.correlationId;
    if (!(await this.insertOrder(m, id, cmd, cause))) {
      const existing = await this.byChannelOrder(m, channel, channelOrderId);
      await this.rememberDeliveries(m, channel, cmd.dedupeKeys, existing.orderId);
      return { ...existing, created: false };
    }
    await this.insertDetails(m, id, cmd);
    await this.journal.record(m, {
      orderId: id,
      channel,
      channelOrderId,
      to: 'received',
      step: 'received',
      cause,
      transformations: cmd.transformations,
    });
    await this.announce(m, id, cmd);
    return { orderId: id, status: 'received', created: true };
  }

  /** False when the channel order exists already (the unique constraint kept the first). */
  private async insertOrder(m: EntityManager, id: string, cmd: IngestOrderCommand, cause: string) {
    const { channel, channelOrderId } = cmd.order;
    const inserted: unknown[] = await m.query(INSERT_ORDER, [
      id,
      channel,
      channelOrderId,
      JSON.stringify(cmd.order),
      id,
      cmd.correlationId,
      cause,
    ]);
    return inserted.length > 0;
  }

  private async insertDetails(m: EntityManager, id: string, cmd: IngestOrderCommand) {
    await this.insertLines(m, id, cmd);
    const raw = cmd.raw;
    await m.query(
      `INSERT INTO order_payloads (order_id, source, content_type, headers, payload)
       VALUES ($1, $2, $3, $4::jsonb, $5)`,
      [id, raw.source, raw.contentType ?? null, JSON.stringify(raw.headers), raw.payload],
    );
    await this.rememberDeliveries(m, cmd.order.channel, cmd.dedupeKeys, id);
  }

  private async insertLines(m: EntityManager, id: string, cmd: IngestOrderCommand) {
    const lines = cmd.order.lines;
    await m.query(
      `INSERT INTO order_lines
         (order_id, line_id, position, sku, channel_sku, quantity, fulfillment_type, location_id)
       SELECT $1, l.line_id, l.position, l.sku, l.channel_sku, l.quantity, l.type, l.location_id
         FROM jsonb_to_recordset($2::jsonb) AS l(line_id text, position int, sku text,
              channel_sku text, quantity int, type text, location_id text)`,
      [
        id,
        JSON.stringify(
          lines.map((l, position) => ({
            line_id: l.lineId,
            position,
            sku: l.sku,
            channel_sku: cmd.channelSkus[l.lineId] ?? null,
            quantity: l.quantity,
            type: l.fulfillment.type,
            location_id: l.fulfillment.locationId ?? null,
          })),
        ),
      ],
    );
  }

  private async announce(m: EntityManager, id: string, cmd: IngestOrderCommand) {
    const data: OrderAcceptedEvent = {
      orderId: id,
      status: 'received',
      order: cmd.order,
      acceptedAt: new Date().toISOString(),
    };
    await this.outbox.enqueue(m, { type: SUBJECTS.ORDER_ACCEPTED, subject: id, data });
  }

  private async knownDelivery(m: EntityManager, channel: string, keys: string[]) {
    if (keys.length === 0) return undefined;
    const rows: Array<{ id: string; status: string }> = await m.query(
      `SELECT o.id, o.status FROM order_deliveries d JOIN orders o ON o.id = d.order_id
        WHERE d.channel = $1 AND d.delivery_key = ANY($2::text[]) LIMIT 1`,
      [channel, keys],
    );
    return rows[0] ? { orderId: rows[0].id, status: rows[0].status } : undefined;
  }

  private async byChannelOrder(m: EntityManager, channel: string, channelOrderId: string) {
    const rows: Array<{ id: string; status: string }> = await m.query(
      `SELECT id, status FROM orders WHERE channel = $1 AND channel_order_id = $2`,
      [channel, channelOrderId],
    );
    return { orderId: rows[0].id, status: rows[0].status };
  }

  private async rememberDeliveries(m: EntityManager, channel: string, keys: string[], id: string) {
    if (keys.length === 0) return;
    await m.query(
      `INSERT INTO order_deliveries (channel, delivery_key, order_id)
       SELECT $1, k, $3 FROM unnest($2::text[]) AS k ON CONFLICT DO NOTHING`,
      [channel, keys, id],
    );
  }
}
