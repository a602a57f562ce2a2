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
// A duplicate is answered by the same statement (ADR 0044): the known order (`x`, as `existing`
// finds it) and its new delivery keys. Only a channel order committed by another transaction
// after this statement's snapshot is neither inserted nor seen: `existing` then reads it.
/** The order a duplicate belongs to: its channel order, else the order of a known delivery key. */
function existingSql(channel: string, channelOrderId: string, keys: string, onlyIf = 'true') {
  return `SELECT e.id, e.status FROM orders e
     WHERE ${onlyIf}
       AND ((e.channel = ${channel} AND e.channel_order_id = ${channelOrderId})
            OR e.id = (SELECT order_id FROM order_deliveries
                        WHERE channel = ${channel} AND delivery_key = ANY(${keys}::text[]) LIMIT 1))
     ORDER BY (e.channel_order_id = ${channelOrderId}) LIMIT 1`;
}

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
  ), x AS (
    ${existingSql('$2', '$3', '$9', 'NOT EXISTS (SELECT 1 FROM o)')}
  ), xd AS (
    INSERT INTO order_deliveries (channel, delivery_key, order_id)
    SELECT $2, k, x.id FROM x, unnest($9::text[]) AS k ON CONFLICT DO NOTHING
  ) SELECT (SELECT id FROM o) AS id, x.id AS existing_id, x.status AS existing_status
      FROM (SELECT 1) AS one LEFT JOIN x ON true`;

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

  /**
   * `created` when the order was stored; otherwise the order a delivery key or the channel order
   * already names (its new delivery keys remembered), from the same statement where it can.
   */
  async accept(id: string, cmd: IngestOrderCommand, cause: string): Promise<IntakeOutcome> {
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
    const row = result.rows[0] as AcceptRow;
    if (row.id === id) {
      this.signals.outbox();
      this.signals.jobDue(PIPELINE_QUEUE);
      return { created: true, orderId: id, status: 'received' };
    }
    if (row.existing_id)
      return { created: false, orderId: row.existing_id, status: row.existing_status! };
    return { created: false, ...(await this.existing(cmd)) };
  }

  /**
   * The order a duplicate delivery or channel order belongs to, read in a new snapshot (the
   * channel order was committed after the accept's); remembers the new keys.
   */
  async existing(cmd: IngestOrderCommand): Promise<{ orderId: string; status: string }> {
    const { channel, channelOrderId } = cmd.order;
    const rows: Array<{ id: string; status: string }> = await this.db.query(
      existingSql('$1', '$2', '$3'),
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

export interface IntakeOutcome {
  /** False when a delivery key or the channel order was already known. */
  created: boolean;
  orderId: string;
  status: string;
}

interface AcceptRow {
  id: string | null;
  existing_id: string | null;
  existing_status: string | null;
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
