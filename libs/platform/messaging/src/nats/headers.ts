import { headers, type MsgHdrs } from '@nats-io/nats-core';
import type { CloudEvent } from '@retail/contracts';

export const HEADER = {
  msgId: 'Nats-Msg-Id',
  traceparent: 'traceparent',
  correlationId: 'x-correlation-id',
  causationId: 'x-causation-id',
  /** Set on republished copies: `<stream>:<seq>` of the original. */
  replayOf: 'x-retail-replay-of',
} as const;

/** Headers every event carries: trace context and correlation travel beside the body. */
export function eventHeaders(event: CloudEvent, extra: Record<string, string> = {}): MsgHdrs {
  const h = headers();
  h.set(HEADER.correlationId, event.correlationid);
  if (event.causationid) h.set(HEADER.causationId, event.causationid);
  if (event.traceparent) h.set(HEADER.traceparent, event.traceparent);
  for (const [k, v] of Object.entries(extra)) h.set(k, v);
  return h;
}

export function recordToHeaders(record: Record<string, string>, skip: string[] = []): MsgHdrs {
  const h = headers();
  const skipped = new Set(skip.map((s) => s.toLowerCase()));
  for (const [k, v] of Object.entries(record)) {
    if (!skipped.has(k.toLowerCase())) h.set(k, v);
  }
  return h;
}

export function headersToRecord(h: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  for (const key of h.keys()) out[key] = h.get(key);
  return out;
}
