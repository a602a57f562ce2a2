import { Logger } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import type { CloudEvent } from '@retail/contracts';
import { type MessageSpan, RequestContext, withMessageSpan } from '@retail/platform-observability';
import { validateEnvelope } from '../envelope';
import { messagingMetrics, type ProcessingOutcome } from '../metrics';
import { logicalSubject } from '../naming';
import { HEADER, headersToRecord } from '../nats/headers';
import { isNotFound, type NatsClient } from '../nats/nats-client';
import { BatchCollector } from './batch-collector';
import type {
  BatchItemResult,
  JetStreamBatchHandler,
  JetStreamHandler,
  MessageMeta,
} from './consumer-result';
import type { JetStreamConsumerOptions } from './consumer-options';
import { deadLetterRecord, publishDeadLetter } from './dead-letter';
import { backoffDelay, decideOnError, decideOnResult, type Decision } from './delivery-policy';
import { KeyedScheduler } from './keyed-scheduler';

export type RunnerOptions = Required<Omit<JetStreamConsumerOptions, 'partitionKey' | 'batch'>> &
  Pick<JetStreamConsumerOptions, 'partitionKey' | 'batch'>;

/** Default wait for more messages before a partial batch is handed over. */
const DEFAULT_LINGER_MS = 10;

/** Runs one durable pull consumer: provisioning, the consume loop, and ack/nak/term. */
export class ConsumerRunner {
  private readonly logger: Logger;
  private readonly scheduler: KeyedScheduler;
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> = Promise.resolve();
  private readonly batches: BatchCollector<JsMsg> | null = null;

  constructor(
    private readonly handler: JetStreamHandler | JetStreamBatchHandler,
    readonly opts: RunnerOptions,
    private readonly nats: NatsClient,
  ) {
    this.logger = new Logger(`Consumer ${opts.durable}`);
    this.scheduler = new KeyedScheduler(opts.concurrency, opts.concurrency * 2);
    const batch = opts.batch;
    if (batch) {
      if (!('handleBatch' in handler)) throw new MissingBatchHandlerError(opts.durable);
      this.batches = new BatchCollector<JsMsg>(
        Math.max(1, batch.maxMessages),
        batch.lingerMs ?? DEFAULT_LINGER_MS,
        (key, msgs) => this.scheduler.submit(key, () => this.processBatch(msgs)),
      );
    } else if (!('handle' in handler)) throw new MissingBatchHandlerError(opts.durable);
  }

  get wireStream(): string {
    return this.nats.streamName(this.opts.stream);
  }

  async start(): Promise<void> {
    await this.provision();
    const consumer = await this.nats.js.consumers.get(this.wireStream, this.opts.durable);
    this.messages = await consumer.consume({
      max_messages: Math.max(this.opts.concurrency * 2 * (this.opts.batch?.maxMessages ?? 1), 10),
    });
    this.loop = this.run(this.messages);
    this.logger.log(
      `consuming ${this.nats.subject(this.opts.filterSubject)} from ${this.wireStream}`,
    );
  }

  /** Stops pulling, then waits for the handlers in flight (they still ack on the open connection). */
  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
    await this.scheduler.idle();
  }

  async pending(): Promise<{ pending: number; ackPending: number }> {
    const info = await this.nats.jsm.consumers.info(this.wireStream, this.opts.durable);
    return { pending: info.num_pending, ackPending: info.num_ack_pending };
  }

  /**
   * max_deliver is -1 on the server on purpose: this runtime dead-letters on delivery
   * `maxDeliver` itself (so the record keeps the handler's failure reason, which the server's
   * MAX_DELIVERIES advisory cannot carry) and terms the message. If publishing the dead letter
   * fails, the message is nak'ed and the next delivery retries the dead-lettering, instead of the
   * server silently giving up on it.
   */
  private async provision(): Promise<void> {
    const { durable } = this.opts;
    const editable = { ack_wait: nanos(this.opts.ackWaitMs), max_deliver: -1 };
    try {
      await this.nats.jsm.consumers.info(this.wireStream, durable);
      await this.nats.jsm.consumers.update(this.wireStream, durable, editable);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await this.nats.jsm.consumers.add(this.wireStream, {
        ...editable,
        durable_name: durable,
        filter_subject: this.nats.subject(this.opts.filterSubject),
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
      });
    }
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const msg of messages) {
        const subject = logicalSubject(msg.subject, this.nats.namespace);
        const key = this.opts.partitionKey ? this.opts.partitionKey(subject) : subject;
        if (this.batches) await this.batches.add(key, msg);
        else await this.scheduler.submit(key, () => this.process(msg));
      }
    } catch (err) {
      this.logger.error(`consume loop ended: ${err instanceof Error ? err.message : err}`);
    }
    await this.batches?.flushAll();
  }

  private async process(msg: JsMsg): Promise<void> {
    const stopTimer = messagingMetrics
      .processingSeconds()
      .startTimer({ consumer: this.opts.durable });
    const outcome = await this.processSafely(msg);
    stopTimer();
    messagingMetrics.processed().inc({ consumer: this.opts.durable, outcome });
  }

  private async processSafely(msg: JsMsg): Promise<ProcessingOutcome> {
    const admitted = await this.admit(msg);
    if (typeof admitted === 'string') return admitted;
    const decision = await this.invoke(msg, admitted);
    return this.apply(msg, admitted, decision);
  }

  /**
   * A batch: poison and over-delivered messages are dead-lettered on their own first, the rest
   * go to the handler in one call, then each message is acked, nak'ed or dead-lettered by its
   * own result, exactly as one handled alone.
   */
  private async processBatch(msgs: JsMsg[]): Promise<void> {
    const stopTimer = messagingMetrics
      .processingSeconds()
      .startTimer({ consumer: this.opts.durable });
    const outcomes: ProcessingOutcome[] = [];
    const admitted: Array<{ msg: JsMsg; event: CloudEvent }> = [];
    for (const msg of msgs) {
      const event = await this.admit(msg);
      if (typeof event === 'string') outcomes.push(event);
      else admitted.push({ msg, event });
    }
    if (admitted.length > 0) {
      const decisions = await this.invokeBatch(admitted);
      for (const [i, { msg, event }] of admitted.entries())
        outcomes.push(await this.apply(msg, event, decisions[i]));
    }
    stopTimer();
    for (const outcome of outcomes)
      messagingMetrics.processed().inc({ consumer: this.opts.durable, outcome });
  }

  /** The envelope of a deliverable message, or the outcome of dead-lettering it. */
  private async admit(msg: JsMsg): Promise<CloudEvent | ProcessingOutcome> {
    let event: CloudEvent;
    try {
      event = validateEnvelope(msg.json(), logicalSubject(msg.subject, this.nats.namespace));
    } catch (err) {
      // Poison: retrying cannot fix the bytes, and holding it would block the partition.
      return this.deadLetter(
        msg,
        null,
        `poison: ${err instanceof Error ? err.message : err}`,
        'poison',
      );
    }
    if (msg.info.deliveryCount > this.opts.maxDeliver) {
      return this.deadLetter(
        msg,
        event,
        `exceeded ${this.opts.maxDeliver} deliveries`,
        'dead_lettered',
      );
    }
    return event;
  }

  private async invoke(msg: JsMsg, event: CloudEvent): Promise<Decision> {
    const meta = this.meta(msg);
    const limits = {
      deliveryCount: meta.deliveryCount,
      maxDeliver: this.opts.maxDeliver,
      backoffMs: this.opts.backoffMs,
    };
    // Long handlers must not be redelivered to a second worker mid-flight.
    const heartbeat = setInterval(() => msg.working(), Math.max(this.opts.ackWaitMs / 2, 500));
    const context = {
      correlationId: event.correlationid,
      causationId: event.id,
      messageId: event.id,
      traceparent: meta.headers[HEADER.traceparent] ?? event.traceparent,
    };
    try {
      const handler = this.handler as JetStreamHandler;
      const result = await RequestContext.run(context, () =>
        withMessageSpan(consumerSpan(this.opts.durable, meta, event, context.traceparent), () =>
          handler.handle(event, meta),
        ),
      );
      return decideOnResult(result, limits);
    } catch (err) {
      this.logger.warn(
        `delivery ${meta.deliveryCount} of ${event.id} failed: ${err instanceof Error ? err.message : err}`,
      );
      return decideOnError(err, limits);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async invokeBatch(
    admitted: Array<{ msg: JsMsg; event: CloudEvent }>,
  ): Promise<Decision[]> {
    const items = admitted.map(({ msg, event }) => ({ event, meta: this.meta(msg) }));
    const limitsOf = (i: number) => ({
      deliveryCount: items[i].meta.deliveryCount,
      maxDeliver: this.opts.maxDeliver,
      backoffMs: this.opts.backoffMs,
    });
    const heartbeat = setInterval(
      () => admitted.forEach(({ msg }) => msg.working()),
      Math.max(this.opts.ackWaitMs / 2, 500),
    );
    let results: BatchItemResult[];
    try {
      results = await (this.handler as JetStreamBatchHandler).handleBatch(items);
      if (results.length !== items.length)
        throw new Error(`handleBatch answered ${results.length} results for ${items.length}`);
    } catch (err) {
      this.logger.warn(
        `batch of ${items.length} failed: ${err instanceof Error ? err.message : err}`,
      );
      results = items.map(() => (err instanceof Error ? err : new Error(String(err))));
    } finally {
      clearInterval(heartbeat);
    }
    return results.map((result, i) =>
      result instanceof Error
        ? decideOnError(result, limitsOf(i))
        : decideOnResult(result, limitsOf(i)),
    );
  }

  private async apply(
    msg: JsMsg,
    event: CloudEvent,
    decision: Decision,
  ): Promise<ProcessingOutcome> {
    switch (decision.action) {
      case 'ack':
        msg.ack();
        return decision.outcome;
      case 'nak':
        msg.nak(decision.delayMs);
        return decision.outcome;
      case 'dead-letter':
        return this.deadLetter(msg, event, decision.reason, 'dead_lettered');
    }
  }

  private async deadLetter(
    msg: JsMsg,
    event: CloudEvent | null,
    reason: string,
    outcome: 'poison' | 'dead_lettered',
  ): Promise<ProcessingOutcome> {
    const record = deadLetterRecord(msg, this.opts.durable, reason, event, this.nats.namespace);
    try {
      await publishDeadLetter(this.nats, record, outcome);
      // term() without a reason: the reason argument needs nats-server 2.11.
      msg.term();
      this.logger.warn(`dead-lettered stream seq ${record.streamSequence}: ${reason}`);
      return outcome;
    } catch (err) {
      this.logger.error(
        `dead-lettering failed, will retry: ${err instanceof Error ? err.message : err}`,
      );
      msg.nak(backoffDelay(msg.info.deliveryCount, this.opts.backoffMs));
      return 'error';
    }
  }

  private meta(msg: JsMsg): MessageMeta {
    return {
      consumer: this.opts.durable,
      stream: this.opts.stream,
      subject: logicalSubject(msg.subject, this.nats.namespace),
      streamSequence: msg.info.streamSequence,
      deliveryCount: msg.info.deliveryCount,
      headers: headersToRecord(msg.headers),
    };
  }
}

/** The consumer span of one delivery, a child of the publish span named by its traceparent. */
function consumerSpan(
  durable: string,
  meta: MessageMeta,
  event: CloudEvent,
  traceparent: string | undefined,
): MessageSpan {
  return {
    name: `${meta.subject} process`,
    kind: 'consumer',
    traceparent,
    correlationId: event.correlationid,
    attributes: {
      'messaging.destination.name': meta.subject,
      'messaging.consumer.group.name': durable,
      'messaging.message.id': event.id,
      'messaging.nats.delivery_count': meta.deliveryCount,
    },
  };
}

export class MissingBatchHandlerError extends Error {
  constructor(durable: string) {
    super(`consumer "${durable}" needs handleBatch() with the batch option, handle() without`);
  }
}
