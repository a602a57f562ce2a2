import { type CloudEvent, validateEvent } from '@retail/contracts';

/** What a handler tells the runtime; ack, nak and term are the runtime's job, never the handler's. */
export type ConsumerResult =
  | { readonly kind: 'ok' }
  | { readonly kind: 'skipped'; readonly reason?: string }
  | { readonly kind: 'retry'; readonly delayMs: number };

/** Applied: ack. */
export const Ok: ConsumerResult = Object.freeze({ kind: 'ok' });
/** Deliberately ignored (duplicate, not for us, stale): ack. */
export const Skipped: ConsumerResult = Object.freeze({ kind: 'skipped' });
/** Not now (e.g. a dependency is down): nak with this delay; counts towards MAX_DELIVER. */
export function Retry(delayMs: number): ConsumerResult {
  return Object.freeze({ kind: 'retry', delayMs: Math.max(0, Math.floor(delayMs)) });
}

/** Delivery facts handed to a handler beside the event. */
export interface MessageMeta {
  /** Durable consumer name, also the inbox `consumer` key. */
  consumer: string;
  /** Logical stream name, e.g. `RETAIL_ORDERS`. */
  stream: string;
  /** Logical subject (no namespace), e.g. `retail.inventory.v1.movement.recorded.p3`. */
  subject: string;
  streamSequence: number;
  /** 1 on first delivery. */
  deliveryCount: number;
  headers: Record<string, string>;
}

/** The shape of a `@ConsumeEvents` handler (event, delivery facts); what `ConsumerHost` runs. */
export interface JetStreamHandler<T = unknown> {
  handle(event: CloudEvent<T>, meta: MessageMeta): Promise<ConsumerResult>;
}

/** One delivery handed to a batch handler. */
export interface BatchItem<T = unknown> {
  event: CloudEvent<T>;
  meta: MessageMeta;
}

/** Per item of a batch: a result, or the error it failed with (as if `handle` had thrown it). */
export type BatchItemResult = ConsumerResult | Error;

/**
 * The shape of a `@ConsumeEvents({ batch })` handler: many deliveries in one call (e.g. one
 * transaction for all of them). Answers one result per item, in the items' order; the runtime
 * acks, naks or dead-letters each message on its own, so one bad item (answered with a
 * `NonRetryableError`) is dead-lettered alone. Throwing fails every item of the call.
 */
export interface JetStreamBatchHandler<T = unknown> {
  handleBatch(items: BatchItem<T>[]): Promise<BatchItemResult[]>;
}

/**
 * Throw (or throw any Error with `retryable = false`) when retrying cannot help, e.g. the payload
 * fails validation: the message is dead-lettered at once instead of after MAX_DELIVER attempts.
 */
export class NonRetryableError extends Error {
  readonly retryable = false;
  override name = 'NonRetryableError';
}

/** The event with its data checked against its catalogue class; invalid data is dead-lettered. */
export function validEvent<T>(plain: CloudEvent<unknown>): CloudEvent<T> {
  const { value, errors } = validateEvent<T & object>(plain);
  if (errors.length > 0)
    throw new NonRetryableError(`invalid ${plain.type}: ${JSON.stringify(errors)}`);
  return value as CloudEvent<T>;
}
