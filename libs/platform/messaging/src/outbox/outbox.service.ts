import { Inject, Injectable } from '@nestjs/common';
import type { CloudEvent } from '@retail/contracts';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { buildEvent, eventSubject, type EventContext, type OutgoingEvent } from '../envelope';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from '../options';
import { OutboxMessage } from './outbox-message.entity';

/** NOTIFY channel that wakes relays as soon as a transaction holding outbox rows commits. */
export const OUTBOX_NOTIFY_CHANNEL = 'retail_outbox';

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
    const events = drafts.map((d) => buildEvent(d, this.opts.serviceName, ctx));
    const rows = events.map((event, i) =>
      toRow(event, eventSubject(event.type, drafts[i].partition)),
    );
    await manager.createQueryBuilder().insert().into(OutboxMessage).values(rows).execute();
    // NOTIFY is transactional: relays hear it only once this transaction commits.
    await manager.query('SELECT pg_notify($1, current_schema())', [OUTBOX_NOTIFY_CHANNEL]);
    return events;
  }
}

function toRow(event: CloudEvent, subject: string): QueryDeepPartialEntity<OutboxMessage> {
  const headers: Record<string, string> = { 'x-correlation-id': event.correlationid };
  if (event.causationid) headers['x-causation-id'] = event.causationid;
  if (event.traceparent) headers.traceparent = event.traceparent;
  return { id: event.id, subject, type: event.type, payload: event as never, headers };
}
