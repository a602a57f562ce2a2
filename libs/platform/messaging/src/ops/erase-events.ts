import { DLQ_STREAM } from '@retail/contracts';
import type { NatsClient } from '../nats/nats-client';
import { streamName, subjectFor } from '../naming';
import { readStream } from './stream-reader';

type Json = Record<string, unknown>;

const parse = (bytes: Uint8Array): Json | undefined => {
  try {
    return JSON.parse(Buffer.from(bytes).toString()) as Json;
  } catch {
    return undefined;
  }
};

/** Which events to erase: those of `type` on `stream` (logical names) that `match`. */
export interface EraseEventsRequest {
  stream: string;
  type: string;
  /** Nothing older can match (e.g. the aggregate's creation); read from here on. */
  since: Date;
  match: (event: Json) => boolean;
}

/**
 * Erasure of personal data from the streams (ADR 0035): deletes, overwriting their bytes, the
 * matching events of one type from their stream and the dead letters that copied them into
 * `RETAIL_DLQ`. Consumers that have not read them never will. Idempotent: a second run finds
 * nothing. Reads through ephemeral ordered consumers, as the DLQ routes do.
 */
export async function eraseEvents(
  nats: NatsClient,
  req: EraseEventsRequest,
): Promise<{ messages: number; deadLetters: number }> {
  const ns = nats.namespace;
  const ours = (event: Json | undefined) => event?.type === req.type && req.match(event);
  const messages = await eraseMatching(
    nats,
    streamName(req.stream, ns),
    subjectFor(req.type, ns),
    req.since,
    (data) => ours(parse(data)),
  );
  const deadLetters = await eraseMatching(
    nats,
    streamName(DLQ_STREAM, ns),
    subjectFor(`retail.dlq.${req.stream}.>`, ns),
    req.since,
    (data) => {
      const letter = parse(data);
      return typeof letter?.payload === 'string'
        ? ours(parse(Buffer.from(letter.payload, 'base64')))
        : false;
    },
  );
  return { messages, deadLetters };
}

async function eraseMatching(
  nats: NatsClient,
  wireStream: string,
  filter: string,
  fromTime: Date,
  match: (data: Uint8Array) => boolean,
): Promise<number> {
  let erased = 0;
  for await (const msg of readStream(nats, wireStream, { filter, fromTime, limit: Infinity }))
    if (match(msg.data) && (await nats.jsm.streams.deleteMessage(wireStream, msg.seq, true)))
      erased++;
  return erased;
}
