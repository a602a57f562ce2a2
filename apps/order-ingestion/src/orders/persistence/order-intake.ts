import { Injectable } from '@nestjs/common';
import { OrderAcceptedEvent, SUBJECTS } from '@retail/contracts';
import { enqueueSelectSql } from '@retail/platform-jobs';
import { RequestContext } from '@retail/platform-observability';
import { OutboxService, outboxInsertSql } from '@retail/platform-messaging';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { lineKind, lineTitle } from '../domain/line-kind';
import type { IngestOrderCommand } from '../ingest/ingest-order.command';
import { CommitSignals } from './commit-signals';

export const PIPELINE_QUEUE = 'orders';

// The whole durable accept in ONE statement (one round trip, one commit): the order unless a
// delivery key or the (channel, channel_order_id) constraint already knows it, then only if it
// was inserted: lines, raw payload, delivery keys, first timeline entry, `order.accepted` in the
// outbox and the pipeline job. No NOTIFY: PostgreSQL serialises the commits of NOTIFYing
// transactions cluster-wide (ADR 0034); CommitSignals wakes the relay and the pipeline after it.
const ACCEPT = `WITH known AS (
    SELECT order_id FROM order_deliveries WHERE channel = $2 AND delivery_key = ANY($9::text[]) LIMIT 1
  ), o AS (
    INSERT INTO orders (id, channel, channel_order_id, status, step, "order", erp_external_id,
                        correlation_id, last_cause, ingest_holds)
    SELECT $1::uuid, $2::text, $3::text, 'received', 'validate', $4::jsonb, $1::text, $5::text,
           $6::text, $7::jsonb
     WHERE NOT EXISTS (SELECT 1 FROM known)
    ON CONFLICT (channel, channel_order_id) DO NOTHING RETURNING id
  ), l AS (
    INSERT INTO order_lines (order_id, line_id, position, kind, sku, title, channel_sku, quantity,
                             fulfillment_type, location_id)
    SELECT o.id, r.line_id, r.position, r.kind, r.sku, r.title, r.channel_sku, r.quantity, r.type,
           r.location_id
      FROM o, jsonb_to_recordset($8::jsonb) AS r(line_id text, position int, kind text, sku text,
           title text, channel_sku text, quantity int, type text, location_id text)
  ), p AS (
    INSERT INTO order_payloads (order_id, source, content_type, headers, payload)
    SELECT o.id, $10, $11, $12::jsonb, $13 FROM o
  ), d AS (
    INSERT INTO order_deliveries (channel, delivery_key, order_id)
    SELECT $2, k, o.id FROM o, unnest($9::text[]) AS k ON CONFLICT DO NOTHING
  ), t AS (
    INSERT INTO order_timeline (order_id, to_status, step, cause_event_id, transformations)
    SELECT o.id, 'received', 'received', $6, $14::jsonb FROM o
  ), e AS (
    ${outboxInsertSql('$15')} WHERE EXISTS (SELECT 1 FROM o)
  ), j AS (
    ${enqueueSelectSql('$16::text', 'SELECT id::text FROM o', '$17::text')}
  ) SELECT (SELECT id FROM o) AS id, (SELECT order_id FROM known) AS known`;

/** The intake's write: the order, once, durably. */
@Injectable()
export class OrderIntake {
  private readonly pool: Pool;

  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxService,
    private readonly signals: CommitSignals,
  ) {
    this.pool = (db.driver as unknown as { master: Pool }).master;
  }

  /** True when the order was created; false when a delivery key or the channel order exists. */
  async accept(id: string, cmd: IngestOrderCommand, cause: string): Promise<boolean> {
    const accepted: OrderAcceptedEvent = {
      orderId: id,
      status: 'received',
      order: cmd.order,
      acceptedAt: new Date().toISOString(),
    };
    const { rows: outbox } = this.outbox.prepare([
      { type: SUBJECTS.ORDER_ACCEPTED, subject: id, data: accepted },
    ]);
    const raw = cmd.raw;
    // A named statement: parsed and planned once per pooled connection, not per order.
    const result = await this.pool.query({
      name: 'order_intake_accept',
      text: ACCEPT,
      values: [
        id,
        cmd.order.channel,
        cmd.order.channelOrderId,
        JSON.stringify(cmd.order),
        cmd.correlationId,
        cause,
        JSON.stringify(cmd.holds ?? []),
        linesJson(cmd),
        cmd.dedupeKeys,
        raw.source,
        raw.contentType ?? null,
        JSON.stringify(raw.headers),
        raw.payload,
        JSON.stringify(cmd.transformations),
        outbox,
        PIPELINE_QUEUE,
        RequestContext.traceparent() ?? null,
      ],
    });
    const created = result.rows[0]?.id === id;
    if (created) {
      this.signals.outbox();
      this.signals.jobDue(PIPELINE_QUEUE);
    }
    return created;
  }

  /** The order a duplicate delivery or channel order belongs to; remembers the new keys. */
  async existing(cmd: IngestOrderCommand): Promise<{ orderId: string; status: string }> {
    const { channel, channelOrderId } = cmd.order;
    const rows: Array<{ id: string; status: string }> = await this.db.query(
      `SELECT o.id, o.status FROM orders o
        WHERE (o.channel = $1 AND o.channel_order_id = $2)
           OR o.id = (SELECT order_id FROM order_deliveries
                       WHERE channel = $1 AND delivery_key = ANY($3::text[]) LIMIT 1)
        ORDER BY (o.channel_order_id = $2) LIMIT 1`,
      [channel, channelOrderId, cmd.dedupeKeys],
    );
    const { id, status } = rows[0];
    if (cmd.dedupeKeys.length > 0)
      await this.db.query(
        `INSERT INTO order_deliveries (channel, delivery_key, order_id)
         SELECT $1, k, $3 FROM unnest($2::text[]) AS k ON CONFLICT DO NOTHING`,
        [channel, cmd.dedupeKeys, id],
      );
    return { orderId: id, status };
  }
}

function linesJson(cmd: IngestOrderCommand): string {
  return JSON.stringify(
    cmd.order.lines.map((l, position) => ({
      line_id: l.lineId,
      position,
      kind: lineKind(l),
      sku: (l as { sku?: string }).sku ?? null,
      title: lineTitle(l) ?? null,
      channel_sku: cmd.channelSkus[l.lineId] ?? null,
      quantity: l.quantity,
      type: l.fulfillment.type,
      location_id: l.fulfillment.locationId ?? null,
    })),
  );
}
