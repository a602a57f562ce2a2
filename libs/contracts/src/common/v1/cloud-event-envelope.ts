import { IsObject, IsOptional, Matches } from 'class-validator';
import { IsId, IsOneOf, IsText, IsTimestamp } from './decorators';

/** A subject or CloudEvent `type`: `retail.<domain>.v<major>.<tokens...>`, lowercase. */
export const EVENT_TYPE_PATTERN = /^retail\.[a-z0-9-]+\.v\d+(\.[a-z0-9-]+)+$/;

/** A W3C trace context `traceparent` header value. */
export const TRACEPARENT_PATTERN = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Validating form of the CloudEvents 1.0 envelope (see `CloudEvent<T>` for the type). `data` is
 * checked here only as an object; `validateEvent()` checks it against the payload class of the
 * event type. Unknown envelope attributes are CloudEvents extensions and are allowed.
 */
export class CloudEventEnvelope {
  /** Always `1.0`. */
  @IsOneOf(['1.0'])
  specversion: '1.0';

  /** Unique event id, also the `Nats-Msg-Id`. */
  @IsId()
  id: string;

  /** URI-reference of the producer, e.g. `/retail/order-ingestion`. */
  @IsText(256)
  source: string;

  /** The subject (with its partition token when partitioned). */
  @Matches(EVENT_TYPE_PATTERN)
  @IsText(256)
  type: string;

  /** When the event happened (ISO 8601 with offset). */
  @IsTimestamp()
  time: string;

  /** The aggregate id (order id, SKU, return id ...). */
  @IsId(256)
  subject: string;

  /** Correlation id of the request or flow. */
  @IsId()
  correlationid: string;

  /** Id of the event or request that caused this one. */
  @IsOptional()
  @IsId()
  causationid?: string;

  /** `<major>.<minor>` of the data schema. */
  @Matches(/^\d+\.\d+$/)
  dataschemaversion: string;

  /** Always `application/json` when present. */
  @IsOptional()
  @IsOneOf(['application/json'])
  datacontenttype?: 'application/json';

  /** W3C trace context of the producer. */
  @IsOptional()
  @Matches(TRACEPARENT_PATTERN)
  traceparent?: string;

  /**
   * CloudEvents `sequence` extension: the event's place among its source's events, 20 decimal
   * digits compared as strings. Set by the outbox relay from the outbox position, so the events
   * of one aggregate (order, return, SKU...) from one source carry increasing values in the order
   * their transactions committed; a republished or replayed event keeps its value. Not gap-free.
   */
  @IsOptional()
  @Matches(/^[0-9]{20}$/)
  sequence?: string;

  /** The payload. */
  @IsObject()
  data: object;
}
