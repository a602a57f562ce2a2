import type { JsMsg } from '@nats-io/jetstream';
import type { CloudEvent } from '@retail/contracts';
import { messagingMetrics } from '../metrics';
import { dlqSubject, logicalStreamName, logicalSubject } from '../naming';
import { headersToRecord } from '../nats/headers';
import type { NatsClient } from '../nats/nats-client';

/** The body of a message on `RETAIL_DLQ` (subject `retail.dlq.<stream>.<consumer>`). */
export interface DeadLetterRecord {
  reason: string;
  /** Logical stream and consumer the message failed in. */
  stream: string;
  consumer: string;
  /** Logical original subject (no namespace); replays publish here. */
  subject: string;
  streamSequence: number;
  deliveries: number;
  failedAt: string;
  /** The parsed event, or null for poison that is not a valid envelope. */
  event: CloudEvent | null;
  /** The original bytes, base64, so even poison can be inspected and replayed byte for byte. */
  payload: string;
  headers: Record<string, string>;
}

export function deadLetterRecord(
  msg: JsMsg,
  consumer: string,
  reason: string,
  event: CloudEvent | null,
  ns: string,
): DeadLetterRecord {
  return {
    reason,
    stream: logicalStreamName(msg.info.stream, ns),
    consumer,
    subject: logicalSubject(msg.subject, ns),
    streamSequence: msg.info.streamSequence,
    deliveries: msg.info.deliveryCount,
    failedAt: new Date().toISOString(),
    event,
    payload: Buffer.from(msg.data).toString('base64'),
    headers: headersToRecord(msg.headers),
  };
}

/**
 * Publishes the record and waits for the PubAck. The msgID is derived from stream, consumer and
 * sequence, so a retried dead-lettering of the same delivery does not create a second record.
 */
export async function publishDeadLetter(
  nats: NatsClient,
  record: DeadLetterRecord,
  kind: string,
): Promise<void> {
  await nats.js.publish(
    dlqSubject(record.stream, record.consumer, nats.namespace),
    JSON.stringify(record),
    {
      msgID: `dlq.${record.stream}.${record.consumer}.${record.streamSequence}`,
    },
  );
  messagingMetrics.deadLettered().inc({ consumer: record.consumer, reason: kind });
}
