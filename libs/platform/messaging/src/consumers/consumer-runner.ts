import { Logger } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import type { CloudEvent } from '@retail/contracts';
import { RequestContext } from '@retail/platform-observability';
import { validateEnvelope } from '../envelope';
import { messagingMetrics, type ProcessingOutcome } from '../metrics';
import { logicalSubject } from '../naming';
import { HEADER, headersToRecord } from '../nats/headers';
import { isNotFound, type NatsClient } from '../nats/nats-client';
import type { JetStreamHandler, MessageMeta } from './consumer-result';
import type { JetStreamConsumerOptions } from './consumer.decorator';
import { deadLetterRecord, publishDeadLetter } from './dead-letter';
import { backoffDelay, decideOnError, decideOnResult, type Decision } from './delivery-policy';
import { KeyedScheduler } from './keyed-scheduler';

export type RunnerOptions = Required<Omit<JetStreamConsumerOptions, 'partitionKey'>> &
  Pick<JetStreamConsumerOptions, 'partitionKey'>;

/** Runs one durable pull consumer: provisioning, the consume loop, and ack/nak/term. */
export class ConsumerRunner {
  private readonly logger: Logger;
  private readonly scheduler: KeyedScheduler;
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly handler: JetStreamHandler,
    readonly opts: RunnerOptions,
    private readonly nats: NatsClient,
  ) {
    this.logger = new Logger(`Consumer ${opts.durable}`);
    this.scheduler = new KeyedScheduler(opts.concurrency, opts.concurrency * 2);
  }

  get wireStream(): string {
    return this.nats.streamName(this.opts.stream);
  }

  async start(): Promise<void> {
    await this.provision();
    const consumer = await this.nats.js.consumers.get(this.wireStream, this.opts.durable);
    this.messages = await consumer.consume({
      max_messages: Math.max(this.opts.concurrency * 2, 10),
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
        await this.scheduler.submit(key, () => this.process(msg));
      }
    } catch (err) {
      this.logger.error(`consume loop ended: ${err instanceof Error ? err.message : err}`);
    }
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
    const decision = await this.invoke(msg, event);
    return this.apply(msg, event, decision);
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
      const result = await RequestContext.run(context, () => this.handler.handle(event, meta));
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
