/**
 * CloudEvents 1.0 JSON envelope carried by every event on NATS JetStream.
 *
 * `id` is unique per event and doubles as the `Nats-Msg-Id` header, so JetStream's duplicate
 * window drops a re-published copy; consumers additionally de-duplicate through their inbox.
 * `type` equals the subject without any deployment namespace (see {@link SUBJECTS}).
 */
export interface CloudEvent<T = unknown> {
  /** Always `1.0`. */
  specversion: '1.0';
  /** Unique event id (UUID v7 by convention, time-ordered). */
  id: string;
  /** URI-reference of the producing service, e.g. `/retail/order-ingestion`. */
  source: string;
  /** The subject, e.g. `retail.orders.v1.order.accepted`. */
  type: string;
  /** ISO 8601 timestamp with offset. */
  time: string;
  /** The aggregate id the event is about (order id, SKU, return id ...). */
  subject: string;
  /** Correlation id of the request or flow that caused this event. */
  correlationid: string;
  /** Id of the event or request that directly caused this one. */
  causationid?: string;
  /** Major.minor version of the `data` schema, e.g. `1.0`. */
  dataschemaversion: string;
  /** Always `application/json`. */
  datacontenttype: 'application/json';
  /** W3C trace context of the producer, when known. */
  traceparent?: string;
  /**
   * CloudEvents `sequence` extension, set by the outbox relay (see {@link eventSequence}): 20
   * digits, increasing per source in commit order of the aggregate's transactions.
   */
  sequence?: string;
  /** The payload. */
  data: T;
}

/** The `sequence` of the event stored at an outbox position: 20 digits, ordered as strings. */
export function eventSequence(position: string | number | bigint): string {
  return String(position).padStart(20, '0');
}

/** The fields of a {@link CloudEvent} a producer supplies; the platform fills in the rest. */
export interface EventDraft<T = unknown> {
  /** The subject (see `SUBJECTS`; partitioned subjects with their partition token). */
  type: string;
  /** The aggregate id. */
  subject: string;
  /** The payload: an instance (or plain copy) of the subject's class in `EVENT_CATALOGUE`. */
  data: T;
  /** Version of the data schema; the catalogue's is `DATA_SCHEMA_VERSION[catalogueSubjectOf(type)]`. */
  dataschemaversion?: string;
  /** Overrides the generated id (e.g. a deterministic id derived from a business key). */
  id?: string;
  /** Correlation id, when the producer sets it explicitly. */
  correlationid?: string;
  /** Causation id, when the producer sets it explicitly. */
  causationid?: string;
}
