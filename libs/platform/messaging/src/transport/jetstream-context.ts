import { BaseRpcContext } from '@nestjs/microservices';
import type { BatchItem, MessageMeta } from '../consumers/consumer-result';

/**
 * The `@Ctx()` of an `@ConsumeEvents` handler: the delivery facts of the message. It is also
 * the `MessageMeta` itself (same fields), so a handler written as `handle(event, meta)` reads
 * `meta.deliveryCount` whether it takes the context by position or by `@Ctx()`.
 */
export class JetStreamContext extends BaseRpcContext<[MessageMeta]> implements MessageMeta {
  readonly consumer: string;
  readonly stream: string;
  readonly subject: string;
  readonly streamSequence: number;
  readonly deliveryCount: number;
  readonly headers: Record<string, string>;

  constructor(meta: MessageMeta) {
    super([meta]);
    this.consumer = meta.consumer;
    this.stream = meta.stream;
    this.subject = meta.subject;
    this.streamSequence = meta.streamSequence;
    this.deliveryCount = meta.deliveryCount;
    this.headers = meta.headers;
  }
}

/** The `@Ctx()` of a batch handler: the deliveries of the batch (each item has its own meta). */
export class JetStreamBatchContext extends BaseRpcContext<[BatchItem[]]> {
  constructor(readonly items: BatchItem[]) {
    super([items]);
  }
}
