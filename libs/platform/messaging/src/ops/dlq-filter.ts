import type { DeadLetterRecord } from '../consumers/dead-letter';

/** Which dead letters an operator means: every field optional, all given fields must match. */
export interface DlqFilter {
  /** Logical stream of the original message, e.g. `RETAIL_ORDERS`. */
  stream?: string;
  /** Durable consumer the message failed in, e.g. `returns--order-shipped`. */
  consumer?: string;
  /** Case-insensitive substring of the failure reason. */
  reason?: string;
  /** Failed at or after (ISO 8601). */
  from?: string;
  /** Failed at or before (ISO 8601). */
  to?: string;
  /** The original event's correlation id. */
  correlationId?: string;
}

type Matchable = Omit<DeadLetterRecord, 'payload'>;

/** The predicate of a filter; the stream is matched by subject when reading (cheaper). */
export function dlqMatcher(filter: DlqFilter): (entry: Matchable) => boolean {
  const reason = filter.reason?.toLowerCase();
  const from = filter.from ? Date.parse(filter.from) : undefined;
  const to = filter.to ? Date.parse(filter.to) : undefined;
  return (e) => {
    const failedAt = Date.parse(e.failedAt);
    return (
      (!filter.stream || e.stream === filter.stream) &&
      (!filter.consumer || e.consumer === filter.consumer) &&
      (!reason || e.reason.toLowerCase().includes(reason)) &&
      (from === undefined || failedAt >= from) &&
      (to === undefined || failedAt <= to) &&
      (!filter.correlationId || e.event?.correlationid === filter.correlationId)
    );
  };
}

export const isEmptyFilter = (f: DlqFilter) =>
  !Object.values(f).some((v) => v !== undefined && v !== '');
