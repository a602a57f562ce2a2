import { Ctx, Payload } from '@nestjs/microservices';
import { Controller, Inject, type INestApplicationContext } from '@nestjs/common';
import type { CloudEvent } from '@retail/contracts';
import { register } from 'prom-client';
import type { DataSource } from 'typeorm';
import {
  DlqService,
  EventPublisher,
  InboxService,
  ConsumeEvents,
  NatsClient,
  Ok,
  ReplayService,
  Skipped,
  type JetStreamHandler,
  type MessageMeta,
} from '../../src';
import {
  cleanUp,
  createDataSource,
  EffectsTable1732600000001,
  eventually,
  isolation,
  sleep,
  startMessaging,
} from './harness';

const CANCELLED = 'retail.orders.v1.order.cancelled';
const CONSUMER = 'messaging-test--apply-cancelled';
const MAX_DELIVER = 3;

class ErpDown extends Error {}

/** Fails every delivery of aggregate `order-bad` until `broken` is cleared (the "fix"). */
@Controller()
class ApplyCancelled implements JetStreamHandler {
  broken = true;
  readonly attempts = new Map<string, number>();
  readonly lastAttemptAt = new Map<string, number>();
  readonly applied: Array<{ subject: string; at: number }> = [];
  constructor(@Inject(InboxService) private readonly inbox: InboxService) {}

  @ConsumeEvents({ durable: CONSUMER, stream: 'RETAIL_ORDERS', filterSubject: CANCELLED })
  async handle(@Payload() event: CloudEvent, @Ctx() meta: MessageMeta) {
    this.attempts.set(event.subject, (this.attempts.get(event.subject) ?? 0) + 1);
    this.lastAttemptAt.set(event.subject, Date.now());
    if (this.broken && event.subject === 'order-bad') throw new ErpDown('ERP answered 503');
    const outcome = await this.inbox.runOnce(meta.consumer, event.id, async (m) => {
      await m.query('INSERT INTO effects (event_id, consumer) VALUES ($1, $2)', [
        event.id,
        meta.consumer,
      ]);
    });
    if (outcome === 'processed') this.applied.push({ subject: event.subject, at: Date.now() });
    return outcome === 'processed' ? Ok : Skipped;
  }
}

describe('dead letters and replay (integration)', () => {
  const { schema, namespace } = isolation('messaging_dlq');
  let ds: DataSource;
  let app: INestApplicationContext;
  let handler: ApplyCancelled;
  let bad: CloudEvent;
  let good: CloudEvent;

  beforeAll(async () => {
    ds = await createDataSource(schema, [EffectsTable1732600000001]);
    app = await startMessaging(ds, { namespace, maxDeliver: MAX_DELIVER, backoffMs: 100 }, [
      ApplyCancelled,
    ]);
    handler = app.get(ApplyCancelled);
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(schema, namespace);
  });

  const dlq = () => app.get(DlqService);

  it('dead-letters a message that keeps failing after MAX_DELIVER deliveries, with its reason', async () => {
    const publisher = app.get(EventPublisher);
    bad = (await publisher.publish({ type: CANCELLED, subject: 'order-bad', data: {} })).event;
    good = (await publisher.publish({ type: CANCELLED, subject: 'order-good', data: {} })).event;

    await eventually(
      'a dead letter',
      async () => (await dlq().list({ stream: 'RETAIL_ORDERS', limit: 10 })).length === 1,
    );
    const [entry] = await dlq().list({ stream: 'RETAIL_ORDERS', limit: 10 });
    expect(entry).toMatchObject({
      stream: 'RETAIL_ORDERS',
      consumer: CONSUMER,
      subject: CANCELLED,
      deliveries: MAX_DELIVER,
      replayed: null,
    });
    expect(entry.reason).toContain('ERP answered 503');
    expect(entry.reason).toContain(`failed ${MAX_DELIVER} deliveries`);
    expect(entry.event?.id).toBe(bad.id);
    expect(entry.headers['Nats-Msg-Id']).toBe(bad.id);
    expect(entry.streamSequence).toBeGreaterThan(0);
    expect(handler.attempts.get('order-bad')).toBe(MAX_DELIVER);

    const dlqSubject = (await app
      .get(NatsClient)
      .jsm.streams.getMessage(app.get(NatsClient).streamName('RETAIL_DLQ'), { seq: entry.id }))!
      .subject;
    expect(dlqSubject).toBe(`${namespace}.retail.dlq.RETAIL_ORDERS.${CONSUMER}`);
    const metrics = await register.getSingleMetricAsString('retail_messages_processed_total');
    expect(metrics).toContain(`consumer="${CONSUMER}",outcome="dead_lettered"`);
  });

  it('did not block the next message on the same subject while retrying', () => {
    const goodApplied = handler.applied.find((a) => a.subject === 'order-good');
    // Published after the bad one, on the same subject, one-at-a-time consumer: still applied
    // before the bad one's last attempt, because back-off is a nak delay, not a wait in line.
    expect(goodApplied!.at).toBeLessThan(handler.lastAttemptAt.get('order-bad')!);
    expect(handler.attempts.get('order-good')).toBe(1);
    expect(handler.applied.filter((a) => a.subject === 'order-bad')).toHaveLength(0);
  });

  it('replays a dead letter once after the handler is fixed', async () => {
    handler.broken = false;
    const [entry] = await dlq().list({ stream: 'RETAIL_ORDERS' });
    const result = await dlq().replay(entry.id);
    expect(result.status).toBe('replayed');
    await eventually('the replayed event applied', () =>
      handler.applied.some((a) => a.subject === 'order-bad'),
    );

    const again = await dlq().replay(entry.id);
    expect(again.status).toBe('already-replayed');
    await sleep(300);
    expect(handler.applied.filter((a) => a.subject === 'order-bad')).toHaveLength(1);
    const [listed] = await dlq().list({ stream: 'RETAIL_ORDERS' });
    expect(listed.replayed?.dlqSequence).toBe(entry.id);
  });

  it('re-delivers a stream range without duplicate effects', async () => {
    const attemptsBefore = handler.attempts.get('order-good')!;
    const result = await app
      .get(ReplayService)
      .replay({ stream: 'RETAIL_ORDERS', fromSequence: 1, subject: CANCELLED });
    expect(result.republished).toBe(3); // bad, good, and the DLQ replay copy of bad
    await eventually(
      'the copies delivered',
      () => handler.attempts.get('order-good') === attemptsBefore + 1,
    );
    await sleep(300);
    const rows = await ds.query(
      'SELECT event_id, count(*)::int AS n FROM effects GROUP BY event_id',
    );
    expect(rows).toHaveLength(2);
    expect(rows.every((r: { n: number }) => r.n === 1)).toBe(true);
    expect(new Set(rows.map((r: { event_id: string }) => r.event_id))).toEqual(
      new Set([bad.id, good.id]),
    );
  });

  it('rejects a replay request without exactly one starting point', async () => {
    await expect(app.get(ReplayService).replay({ stream: 'RETAIL_ORDERS' })).rejects.toThrow(
      'exactly one',
    );
    await expect(
      app.get(ReplayService).replay({ stream: 'RETAIL_DLQ', fromSequence: 1 }),
    ).rejects.toThrow('stream must be');
  });
});
