import type { CloudEvent, EventDraft } from '@retail/contracts';
import { RequestContext } from '@retail/platform-observability';
import { v7 as uuidv7 } from 'uuid';

/** Correlation of the flow an event belongs to; defaults to the current RequestContext. */
/** A draft plus an optional partition token for high-volume subjects (kept in order per key). */
export type OutgoingEvent<T = unknown> = EventDraft<T> & { partition?: string };

export interface EventContext {
  correlationId?: string;
  causationId?: string;
  traceparent?: string;
}

/**
 * Fills in the CloudEvents envelope around a draft. Precedence for ids: the draft, then the
 * explicit ctx, then the ambient RequestContext (an HTTP request or the consumed message, whose
 * id becomes the causation id), and finally the event's own id starts a new correlation.
 */
export function buildEvent<T>(
  draft: EventDraft<T>,
  serviceName: string,
  ctx: EventContext = {},
  now = new Date(),
): CloudEvent<T> {
  const ambient = RequestContext.current();
  const id = draft.id ?? uuidv7();
  const event: CloudEvent<T> = {
    specversion: '1.0',
    id,
    source: `/retail/${serviceName}`,
    type: draft.type,
    time: now.toISOString(),
    subject: draft.subject,
    correlationid: draft.correlationid ?? ctx.correlationId ?? ambient?.correlationId ?? id,
    dataschemaversion: draft.dataschemaversion ?? '1.0',
    datacontenttype: 'application/json',
    data: draft.data,
  };
  const causationid = draft.causationid ?? ctx.causationId ?? ambient?.causationId;
  if (causationid) event.causationid = causationid;
  const traceparent = ctx.traceparent ?? RequestContext.traceparent();
  if (traceparent) event.traceparent = traceparent;
  return event;
}

export class InvalidEnvelopeError extends Error {
  readonly retryable = false;
  constructor(readonly problems: string[]) {
    super(`invalid CloudEvent envelope: ${problems.join('; ')}`);
  }
}

/** A partitioned subject is the type plus one partition token (`...movement.recorded.p7`). */
export function subjectMatchesType(logicalSubject: string, type: string): boolean {
  return logicalSubject === type || logicalSubject.startsWith(`${type}.`);
}

/**
 * Wire-independent subject of an outgoing event: its type, plus the partition token if any.
 * The contract says type = subject, so a partitioned event's type already ends with its token
 * (`movementRecordedSubject(p)`); a draft that also sets `partition` does not get it twice.
 */
export function eventSubject(type: string, partition?: string): string {
  if (!partition || type.endsWith(`.${partition}`)) return type;
  return `${type}.${partition}`;
}

const REQUIRED_STRINGS = ['id', 'source', 'type', 'time', 'subject', 'correlationid'] as const;

/** Structural check of the envelope (the payload is the handler's business). */
export function validateEnvelope(value: unknown, expectedType?: string): CloudEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidEnvelopeError(['not a JSON object']);
  }
  const e = value as Record<string, unknown>;
  const problems: string[] = [];
  if (e.specversion !== '1.0') problems.push('specversion must be "1.0"');
  for (const key of REQUIRED_STRINGS) {
    if (typeof e[key] !== 'string' || e[key] === '')
      problems.push(`${key} must be a non-empty string`);
  }
  if (typeof e.time === 'string' && Number.isNaN(Date.parse(e.time)))
    problems.push('time is not a date');
  if (e.dataschemaversion !== undefined && typeof e.dataschemaversion !== 'string') {
    problems.push('dataschemaversion must be a string');
  }
  if (
    e.sequence !== undefined &&
    !(typeof e.sequence === 'string' && /^[0-9]{20}$/.test(e.sequence))
  )
    problems.push('sequence must be 20 decimal digits');
  if (!('data' in e)) problems.push('data is missing');
  if (expectedType && typeof e.type === 'string' && !subjectMatchesType(expectedType, e.type)) {
    problems.push(`type "${e.type}" does not match subject "${expectedType}"`);
  }
  if (problems.length) throw new InvalidEnvelopeError(problems);
  return e as unknown as CloudEvent;
}
