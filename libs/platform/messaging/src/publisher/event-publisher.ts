import { Inject, Injectable } from '@nestjs/common';
import type { PubAck } from '@nats-io/jetstream';
import type { CloudEvent } from '@retail/contracts';
import { withMessageSpan } from '@retail/platform-observability';
import { buildEvent, eventSubject, type EventContext, type OutgoingEvent } from '../envelope';
import { eventHeaders, HEADER } from '../nats/headers';
import { NatsClient } from '../nats/nats-client';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from '../options';

export interface PublishResult<T = unknown> {
  event: CloudEvent<T>;
  seq: number;
  /** True when JetStream recognised the id inside its duplicate window and stored nothing. */
  duplicate: boolean;
}

/**
 * Publishes straight to JetStream (no outbox), always with the event id as `Nats-Msg-Id`. For
 * replays, tools and tests; a service changing state must use the OutboxService instead, or
 * a crash between commit and publish loses the event.
 */
@Injectable()
export class EventPublisher {
  constructor(
    private readonly nats: NatsClient,
    @Inject(MESSAGING_OPTIONS) private readonly opts: ResolvedMessagingOptions,
  ) {}

  async publish<T>(draft: OutgoingEvent<T>, ctx?: EventContext): Promise<PublishResult<T>> {
    const event = buildEvent(draft, this.opts.serviceName, ctx);
    const ack = await this.publishEvent(event, draft.partition);
    return { event, seq: ack.seq, duplicate: ack.duplicate };
  }

  /** Publishes an already built envelope (e.g. a copy of a stored event). */
  publishEvent(event: CloudEvent, partition?: string, msgId = event.id): Promise<PubAck> {
    const subject = eventSubject(event.type, partition);
    return withMessageSpan(
      {
        name: `${subject} publish`,
        kind: 'producer',
        traceparent: event.traceparent,
        correlationId: event.correlationid,
        attributes: { 'messaging.destination.name': subject, 'messaging.message.id': msgId },
      },
      (traceparent) =>
        this.nats.js.publish(this.nats.subject(subject), JSON.stringify(event), {
          msgID: msgId,
          headers: eventHeaders(event, traceparent ? { [HEADER.traceparent]: traceparent } : {}),
        }),
    );
  }

  /** Raw bytes on a logical subject (tools and tests, e.g. injecting poison). */
  publishRaw(subject: string, data: Uint8Array | string, msgId?: string): Promise<PubAck> {
    return this.nats.js.publish(this.nats.subject(subject), data, msgId ? { msgID: msgId } : {});
  }
}
