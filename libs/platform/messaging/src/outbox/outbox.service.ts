import { Inject, Injectable } from '@nestjs/common';
import type { CloudEvent } from '@retail/contracts';
import type { EntityManager } from 'typeorm';
import { buildEvent, eventSubject, type EventContext, type OutgoingEvent } from '../envelope';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from '../options';

/** NOTIFY channel that wakes relays as soon as a transaction holding outbox rows commits. */
export const OUTBOX_NOTIFY_CHANNEL = 'retail_outbox';

/**
 * `INSERT INTO outbox` of the rows prepared by `OutboxService.prepare`, passed as one jsonb
 * parameter (`param`, e.g. `$3`): callers may embed it in a larger statement (a CTE) so that a
 * state change and its events are one round trip. Must be followed by OUTBOX_NOTIFY_SQL.
 */
export const outboxInsertSql = (param: string) =>
  `INSERT INTO outbox (id, subject, type, payload, headers)
   SELECT r.id, r.subject, r.type, r.payload, r.headers
     FROM jsonb_to_recordset(${param}::jsonb)
       AS r(id uuid, subject text, type text, payload jsonb, headers jsonb)`;

/** The NOTIFY that wakes the relays once the transaction commits (an SQL expression). */
export const OUTBOX_NOTIFY_SQL = `pg_notify('${OUTBOX_NOTIFY_CHANNEL}', current_schema())`;

/**
 * Writes events into the caller's transaction. Nothing is published here: the relay publishes
 * after commit, so a rolled-back transaction never announces anything.
 */
@Injectable()
export class OutboxService {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly opts: ResolvedMessagingOptions) {}

  async enqueue<T>(
    manager: EntityManager,
    draft: OutgoingEvent<T> | OutgoingEvent<T>[],
    ctx?: EventContext,
  ): Promise<CloudEvent<T>[]> {
    const drafts = Array.isArray(draft) ? draft : [draft];
    if (drafts.length === 0) return [];
    const { events, rows } = this.prepare(drafts, ctx);
    // One statement, no query builder; NOTIFY is transactional: relays hear it at commit.
    await manager.query(
      `WITH ins AS (${outboxInsertSql('$1')} RETURNING 1) SELECT ${OUTBOX_NOTIFY_SQL}`,
      [rows],
    );
    return events;
  }

  /** Envelopes and the JSON parameter of `outboxInsertSql` for drafts, without writing. */
  prepare<T>(
    drafts: OutgoingEvent<T>[],
    ctx?: EventContext,
  ): { events: CloudEvent<T>[]; rows: string } {
    const events = drafts.map((d) => buildEvent(d, this.opts.serviceName, ctx));
    const rows = events.map((event, i) =>
      toRow(event, eventSubject(event.type, drafts[i].partition)),
    );
    return { events, rows: JSON.stringify(rows) };
  }
}

function toRow(event: CloudEvent, subject: string) {
  const headers: Record<string, string> = { 'x-correlation-id': event.correlationid };
  if (event.causationid) headers['x-causation-id'] = event.causationid;
  if (event.traceparent) headers.traceparent = event.traceparent;
  return { id: event.id, subject, type: event.type, payload: event, headers };
}
