import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { AckPolicy, DeliverPolicy, JetStreamApiError, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import {
  InventoryMovement,
  RecordMovementCommand,
  subjectFilter,
  SUBJECTS,
  validateContract,
} from '@retail/contracts';
import {
  DeadLetterRecord,
  dlqSubject,
  logicalSubject,
  MESSAGING_OPTIONS,
  NatsClient,
  type ResolvedMessagingOptions,
  validateEnvelope,
} from '@retail/platform-messaging';
import { inventoryMetrics } from '../../common/metrics';
import { gauge } from '@retail/platform-observability';
import { RecordMovementsHandler } from './record-movements.handler';

export const MOVEMENT_CONSUMER = 'inventory--record-movement';
const STREAM = 'RETAIL_INVENTORY';
const BATCH = 500;
const FETCH_WAIT_MS = 1000; // the client refuses less

type Parsed = { msg: JsMsg; movement: InventoryMovement } | { msg: JsMsg; error: string };

/**
 * `retail.inventory.v1.cmd.movement.record.<partition>`, consumed in batches: each fetch (up to
 * 500 messages, in stream order) is applied in ONE transaction with the HTTP route's semantics,
 * then acked. A batch that fails is retried message by message, so one bad message cannot hold
 * its neighbours back; an invalid one is dead-lettered at once, a failing one after MAX_DELIVER.
 * The (source, eventId) unique key is the inbox: a redelivered command answers `duplicate`.
 * With several replicas each fetch goes to one of them, so two replicas may apply movements of
 * one position concurrently; the row locks serialise them and the outcome does not depend on
 * arrival order (snapshots and deltas are ordered by sourceSequence), which is what makes that safe.
 */
@Injectable()
export class BatchedMovementConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BatchedMovementConsumer');
  private running = false;
  private lagTimer: NodeJS.Timeout | null = null;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly nats: NatsClient,
    private readonly handler: RecordMovementsHandler,
    @Inject(MESSAGING_OPTIONS) private readonly opts: ResolvedMessagingOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.opts.consumersEnabled) return;
    await this.provision();
    this.running = true;
    this.loop = this.run();
    this.lagTimer = setInterval(() => void this.sampleLag(), this.opts.lagPollMs);
    this.lagTimer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.lagTimer) clearInterval(this.lagTimer);
    await this.loop;
  }

  /** The platform's lag gauge, so the consumer-lag alert covers this consumer too. */
  private async sampleLag(): Promise<void> {
    try {
      const info = await this.nats.jsm.consumers.info(
        this.nats.streamName(STREAM),
        MOVEMENT_CONSUMER,
      );
      const labels = { stream: STREAM, consumer: MOVEMENT_CONSUMER };
      gauge(
        'retail_consumer_pending_messages',
        'Consumer lag: messages not yet delivered (num_pending)',
        ['stream', 'consumer'],
      ).set(labels, info.num_pending);
    } catch {
      // Sampling is best effort; the next tick tries again.
    }
  }

  private async provision(): Promise<void> {
    const stream = this.nats.streamName(STREAM);
    const editable = { ack_wait: nanos(30_000), max_deliver: -1, max_ack_pending: BATCH * 4 };
    try {
      await this.nats.jsm.consumers.info(stream, MOVEMENT_CONSUMER);
      await this.nats.jsm.consumers.update(stream, MOVEMENT_CONSUMER, editable);
    } catch (err) {
      if (!(err instanceof JetStreamApiError)) throw err;
      await this.nats.jsm.consumers.add(stream, {
        ...editable,
        durable_name: MOVEMENT_CONSUMER,
        filter_subject: this.nats.subject(subjectFilter(SUBJECTS.CMD_MOVEMENT_RECORD)),
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
      });
    }
  }

  private async run(): Promise<void> {
    const consumer = await this.nats.js.consumers.get(
      this.nats.streamName(STREAM),
      MOVEMENT_CONSUMER,
    );
    while (this.running) {
      try {
        const batch: JsMsg[] = [];
        const messages = await consumer.fetch({ max_messages: BATCH, expires: FETCH_WAIT_MS });
        for await (const msg of messages) batch.push(msg);
        if (batch.length > 0) await this.process(batch);
      } catch (err) {
        if (!this.running) return;
        this.logger.warn(`fetch failed: ${err instanceof Error ? err.message : err}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** Applies a fetched batch; exposed for tests. */
  async process(batch: JsMsg[]): Promise<void> {
    const parsed = batch.map((msg) => this.parse(msg));
    const valid = parsed.filter(
      (p): p is { msg: JsMsg; movement: InventoryMovement } => 'movement' in p,
    );
    for (const p of parsed) if ('error' in p) await this.deadLetter(p.msg, p.error);
    if (valid.length === 0) return;
    try {
      await this.handler.execute(valid.map((v) => v.movement));
      for (const v of valid) v.msg.ack();
    } catch {
      for (const v of valid) await this.alone(v.msg, v.movement);
    }
  }

  private async alone(msg: JsMsg, movement: InventoryMovement): Promise<void> {
    try {
      await this.handler.execute([movement]);
      msg.ack();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (msg.info.deliveryCount >= this.opts.maxDeliver) return this.deadLetter(msg, reason);
      msg.nak(Math.min(this.opts.backoffMs * 2 ** (msg.info.deliveryCount - 1), 300_000));
    }
  }

  private parse(msg: JsMsg): Parsed {
    try {
      const event = validateEnvelope(msg.json(), logicalSubject(msg.subject, this.nats.namespace));
      const { value, errors } = validateContract(RecordMovementCommand, event.data, {
        forbidUnknown: false,
      });
      if (errors.length > 0) {
        return {
          msg,
          error: `invalid movement: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
        };
      }
      return { msg, movement: value };
    } catch (err) {
      return { msg, error: `poison: ${err instanceof Error ? err.message : err}` };
    }
  }

  /** Same record and subject as the platform's dead letters, so the ops routes list and replay it. */
  private async deadLetter(msg: JsMsg, reason: string): Promise<void> {
    inventoryMetrics.movements().inc({ outcome: 'rejected' });
    let event: DeadLetterRecord['event'] = null;
    try {
      event = validateEnvelope(msg.json());
    } catch {
      event = null;
    }
    const record: DeadLetterRecord = {
      reason,
      stream: STREAM,
      consumer: MOVEMENT_CONSUMER,
      subject: logicalSubject(msg.subject, this.nats.namespace),
      streamSequence: msg.info.streamSequence,
      deliveries: msg.info.deliveryCount,
      failedAt: new Date().toISOString(),
      event,
      payload: Buffer.from(msg.data).toString('base64'),
      headers: {},
    };
    try {
      await this.nats.js.publish(
        dlqSubject(STREAM, MOVEMENT_CONSUMER, this.nats.namespace),
        JSON.stringify(record),
        {
          msgID: `dlq.${STREAM}.${MOVEMENT_CONSUMER}.${record.streamSequence}`,
        },
      );
      msg.term();
      this.logger.warn(`dead-lettered stream seq ${record.streamSequence}: ${reason}`);
    } catch (err) {
      this.logger.error(
        `dead-lettering failed, will retry: ${err instanceof Error ? err.message : err}`,
      );
      msg.nak(this.opts.backoffMs);
    }
  }
}
