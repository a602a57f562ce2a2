import { ClientProxy, type ReadPacket } from '@nestjs/microservices';
import type { PubAck } from '@nats-io/jetstream';
import { HEADER, recordToHeaders } from '../nats/headers';
import type { NatsClient } from '../nats/nats-client';

/** What `JetStreamClient.emit(subject, …)` publishes: the body, its `Nats-Msg-Id`, headers. */
export interface JetStreamEmit {
  payload: unknown;
  msgID: string;
  headers?: Record<string, string>;
}

/**
 * The client side of the JetStream transport (a Nest `ClientProxy`): `emit(subject, emit)`
 * publishes to the stream that holds the (logical) subject, with the message id JetStream
 * de-duplicates on, and completes with the stream's `PubAck` once the message is stored. The
 * outbox relay publishes through it (`publishNow`). Events only: request-response is not a JetStream pattern.
 * The connection is the service's `NatsClient` (connected and drained by the messaging module).
 */
export class JetStreamClient extends ClientProxy {
  constructor(private readonly nats: NatsClient) {
    super();
  }

  async connect(): Promise<NatsClient> {
    return this.nats;
  }

  close(): void {
    // The connection belongs to NatsClient, which drains it on shutdown.
  }

  unwrap<T>(): T {
    return this.nats as T;
  }

  protected publish(): () => void {
    throw new Error('JetStreamClient emits events only; request-response is not supported');
  }

  protected dispatchEvent<T = PubAck>(packet: ReadPacket<JetStreamEmit>): Promise<T> {
    return this.publishNow(String(packet.pattern), packet.data) as Promise<T>;
  }

  /**
   * What `emit` does, as a plain promise: the outbox relay publishes hundreds of rows at once,
   * and `emit`'s Observable (a connect, a replay subject and a subscription per call) is work
   * per row that a promise does not need. The ack comes back on the connection's ack inbox
   * (`JetStreamAcks`, ADR 0056), not through a nats.js request per row.
   */
  publishNow(subject: string, { payload, msgID, headers }: JetStreamEmit): Promise<PubAck> {
    const h = recordToHeaders(headers ?? {});
    h.set(HEADER.msgId, msgID);
    return this.nats.acks.publish(this.nats.subject(subject), JSON.stringify(payload), h);
  }
}
