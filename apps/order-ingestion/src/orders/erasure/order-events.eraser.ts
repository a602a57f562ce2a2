import { Injectable, Logger } from '@nestjs/common';
import { DLQ_STREAM, DOMAIN_STREAMS, SUBJECTS } from '@retail/contracts';
import { NatsClient, readStream, streamName, subjectFor } from '@retail/platform-messaging';

/** How far before an order's creation its `order.accepted` may have been stamped (clock skew). */
const SKEW_MS = 60_000;

type Json = Record<string, unknown>;

const parse = (bytes: Uint8Array): Json | undefined => {
  try {
    return JSON.parse(Buffer.from(bytes).toString()) as Json;
  } catch {
    return undefined;
  }
};

/**
 * Removes an erased customer's orders from the streams (ADR 0035). `order.accepted` is the one
 * orders event that carries a person (the canonical order's customer and addresses); every other
 * carries ids only. Its messages for these orders are deleted from `RETAIL_ORDERS` (erase: the
 * bytes are overwritten on disk), and so are the dead letters that copied them into `RETAIL_DLQ`.
 * Reading starts at the oldest order's creation: nothing about it can be older. Idempotent: a
 * second run finds nothing.
 */
@Injectable()
export class OrderEventsEraser {
  private readonly logger = new Logger(OrderEventsEraser.name);

  constructor(private readonly nats: NatsClient) {}

  async erase(orderIds: readonly string[], since: Date): Promise<number> {
    if (orderIds.length === 0) return 0;
    const ours = new Set(orderIds);
    const about = (event: Json | undefined) =>
      event?.type === SUBJECTS.ORDER_ACCEPTED && ours.has(String(event.subject));
    const ns = this.nats.namespace;
    const from = new Date(since.getTime() - SKEW_MS);
    const accepted = await this.sweep(
      streamName(DOMAIN_STREAMS.orders, ns),
      subjectFor(SUBJECTS.ORDER_ACCEPTED, ns),
      from,
      (data) => about(parse(data)),
    );
    const dead = await this.sweep(
      streamName(DLQ_STREAM, ns),
      subjectFor(`retail.dlq.${DOMAIN_STREAMS.orders.name}.>`, ns),
      from,
      (data) => {
        const letter = parse(data);
        return typeof letter?.payload === 'string'
          ? about(parse(Buffer.from(letter.payload, 'base64')))
          : false;
      },
    );
    if (accepted + dead > 0) this.logger.log({ accepted, dead }, 'erased order events');
    return accepted + dead;
  }

  /** Deletes the messages of `stream` on `filter` since `from` that `match`; how many. */
  private async sweep(
    stream: string,
    filter: string,
    from: Date,
    match: (data: Uint8Array) => boolean,
  ): Promise<number> {
    let deleted = 0;
    const messages = readStream(this.nats, stream, { filter, fromTime: from, limit: Infinity });
    for await (const msg of messages)
      if (match(msg.data) && (await this.nats.jsm.streams.deleteMessage(stream, msg.seq, true)))
        deleted++;
    return deleted;
  }
}
