import { Ctx, Payload } from '@nestjs/microservices';
import { Controller, Inject, type INestApplicationContext } from '@nestjs/common';
import type { CloudEvent } from '@retail/contracts';
import { register } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
import {
  InboxService,
  ConsumeEvents,
  MESSAGING_OPTIONS,
  NatsClient,
  Ok,
  OutboxRelay,
  OutboxService,
  Skipped,
  type OutboxRow,
  type JetStreamHandler,
  type MessageMeta,
  type ResolvedMessagingOptions,
  validateEnvelope,
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
import { RELAY_LOCK } from '../../src/outbox/outbox-relay';
import { messagingMetrics } from '../../src/metrics';

const ACCEPTED = 'retail.orders.v1.order.accepted';

@Controller()
class RecordAccepted implements JetStreamHandler {
  deliveries = 0;
  constructor(@Inject(InboxService) private readonly inbox: InboxService) {}

  @ConsumeEvents({
    durable: 'messaging-test--record-accepted',
    stream: 'RETAIL_ORDERS',
    filterSubject: ACCEPTED,
  })
  async handle(@Payload() event: CloudEvent, @Ctx() meta: MessageMeta) {
    this.deliveries++;
    const outcome = await this.inbox.runOnce(meta.consumer, event.id, async (m) => {
      await m.query('INSERT INTO effects (event_id, consumer) VALUES ($1, $2)', [
        event.id,
        meta.consumer,
      ]);
    });
    return outcome === 'processed' ? Ok : Skipped;
  }
}

class FaultInjected extends Error {}

/** Publishes, then "crashes" before the rows are marked published (the transaction rolls back). */
class CrashBeforeMarkRelay extends OutboxRelay {
  protected override async markPublished(_m: EntityManager, ids: string[]): Promise<void> {
    throw new FaultInjected(`crash after publishing ${ids.length} rows`);
  }
}

/** The publish of the rows whose event subject is listed fails once each (e.g. a PubAck timeout). */
class FailOnceRelay extends OutboxRelay {
  private readonly failing: Set<string>;
  constructor(
    ds: DataSource,
    nats: NatsClient,
    opts: ResolvedMessagingOptions,
    failing: string[] = ['failing'],
  ) {
    super(ds, nats, opts);
    this.failing = new Set(failing);
  }
  protected override async publish(row: OutboxRow): Promise<void> {
    const subject = String((row.payload as CloudEvent).subject);
    if (this.failing.delete(subject)) throw new FaultInjected('no PubAck');
    await super.publish(row);
  }
}

describe('transactional outbox (integration)', () => {
  const { schema, namespace } = isolation('messaging_outbox');
  let ds: DataSource;
  let app: INestApplicationContext;
  let nats: NatsClient;
  let opts: ResolvedMessagingOptions;

  beforeAll(async () => {
    ds = await createDataSource(schema, [EffectsTable1732600000001]);
    // The relay is driven by hand here so the test can crash it.
    app = await startMessaging(ds, { namespace, outbox: { enabled: false } }, [RecordAccepted]);
    nats = app.get(NatsClient);
    opts = app.get(MESSAGING_OPTIONS);
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(schema, namespace);
  });

  const enqueue = (subject: string) =>
    ds.transaction((m) =>
      app.get(OutboxService).enqueue(m, { type: ACCEPTED, subject, data: { orderId: subject } }),
    );
  const streamCount = async () =>
    (await nats.jsm.streams.info(nats.streamName('RETAIL_ORDERS'))).state.messages;
  const effects = async (eventId: string) =>
    Number(
      (await ds.query('SELECT count(*) AS n FROM effects WHERE event_id = $1', [eventId]))[0].n,
    );

  it('publishes once downstream when the relay dies between publish and mark-as-sent', async () => {
    const before = await streamCount();
    const [event] = await enqueue('order-crash');

    await expect(new CrashBeforeMarkRelay(ds, nats, opts).drainOnce()).rejects.toThrow(
      FaultInjected,
    );
    const [row] = await ds.query('SELECT published_at, attempts FROM outbox WHERE id = $1', [
      event.id,
    ]);
    expect(row.published_at).toBeNull();
    expect(await streamCount()).toBe(before + 1);

    // Restarted relay: publishes the same row again under the same Nats-Msg-Id.
    expect(await new OutboxRelay(ds, nats, opts).drainOnce()).toBe(1);
    const [after] = await ds.query('SELECT published_at FROM outbox WHERE id = $1', [event.id]);
    expect(after.published_at).not.toBeNull();
    expect(await streamCount()).toBe(before + 1);

    await eventually('the effect', async () => (await effects(event.id)) === 1);
    await sleep(300);
    expect(await effects(event.id)).toBe(1);
    expect(app.get(RecordAccepted).deliveries).toBe(1);
  });

  it('keeps the event envelope and relays rows in insertion order', async () => {
    const events = await ds.transaction((m) =>
      app.get(OutboxService).enqueue(
        m,
        ['a', 'b', 'c'].map((s) => ({ type: ACCEPTED, subject: `ord-${s}`, data: { s } })),
      ),
    );
    const batches = async () =>
      (await messagingMetrics.outboxBatches().get()).values.reduce((a, v) => a + v.value, 0);
    const batchesBefore = await batches();
    await new OutboxRelay(ds, nats, opts).drainOnce();
    // One pass, three events: the batches counter counts the pass once.
    expect((await batches()) - batchesBefore).toBe(1);
    const stream = nats.streamName('RETAIL_ORDERS');
    const last = (await nats.jsm.streams.info(stream)).state.last_seq;
    const stored = await Promise.all(
      [2, 1, 0].map((i) => nats.jsm.streams.getMessage(stream, { seq: last - i })),
    );
    expect(stored.map((s) => s!.json<CloudEvent>().id)).toEqual(events.map((e) => e.id));
    expect(stored[0]!.header.get('Nats-Msg-Id')).toBe(events[0].id);
    expect(stored[0]!.subject).toBe(`${namespace}.${ACCEPTED}`);
    expect(stored[0]!.json<CloudEvent>()).toMatchObject({
      specversion: '1.0',
      source: '/retail/messaging-test',
      type: ACCEPTED,
    });
  });

  it('numbers events with the CloudEvents sequence: increasing per aggregate in commit order, kept when republished', async () => {
    const stream = nats.streamName('RETAIL_ORDERS');
    const lastEvents = async (n: number) => {
      const last = (await nats.jsm.streams.info(stream)).state.last_seq;
      const msgs = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          nats.jsm.streams.getMessage(stream, { seq: last - (n - 1 - i) }),
        ),
      );
      return msgs.map((m) => m!.json<CloudEvent>());
    };
    // Two transactions about one order, a third about another order in between.
    const [first] = await enqueue('ord-seq');
    await enqueue('ord-other');
    const [second] = await enqueue('ord-seq');
    await new OutboxRelay(ds, nats, opts).drainOnce();

    const published = await lastEvents(3);
    expect(published.map((e) => e.id)).toEqual([first.id, expect.any(String), second.id]);
    for (const e of published) {
      expect(e.sequence).toMatch(/^[0-9]{20}$/);
      expect(validateEnvelope(e).sequence).toBe(e.sequence);
    }
    expect(published[0].sequence! < published[2].sequence!).toBe(true);
    const [row] = await ds.query('SELECT position FROM outbox WHERE id = $1', [second.id]);
    expect(published[2].sequence).toBe(String(row.position).padStart(20, '0'));

    // A republish (relay crash after publishing) carries the same sequence.
    const [again] = await enqueue('ord-seq');
    await expect(new CrashBeforeMarkRelay(ds, nats, opts).drainOnce()).rejects.toThrow(
      FaultInjected,
    );
    const [onCrash] = await lastEvents(1);
    await new OutboxRelay(ds, nats, opts).drainOnce();
    expect(onCrash).toMatchObject({ id: again.id, sequence: expect.any(String) });
    expect(onCrash.sequence! > published[2].sequence!).toBe(true);
    const [{ position }] = await ds.query('SELECT position FROM outbox WHERE id = $1', [again.id]);
    expect(onCrash.sequence).toBe(String(position).padStart(20, '0'));
  });

  it('publishes a batch at once; a failed row holds back only the later rows of its subject', async () => {
    const CANCELLED = 'retail.orders.v1.order.cancelled';
    const drafts = [
      { type: ACCEPTED, subject: 'before' },
      { type: ACCEPTED, subject: 'failing' },
      { type: CANCELLED, subject: 'other-subject' },
      { type: ACCEPTED, subject: 'after' },
    ].map((d) => ({ ...d, data: {} }));
    const events = await ds.transaction((m) => app.get(OutboxService).enqueue(m, drafts));
    const publishedAt = async () =>
      (
        await ds.query(
          'SELECT id, published_at IS NOT NULL AS done, last_error FROM outbox WHERE id = ANY($1) ORDER BY position',
          [events.map((e) => e.id)],
        )
      ).map((r: { done: boolean; last_error: string | null }) => [r.done, r.last_error]);

    const relay = new FailOnceRelay(ds, nats, opts);
    expect(await relay.drainOnce()).toBe(2);
    expect(await publishedAt()).toEqual([
      [true, null],
      [false, 'no PubAck'],
      [true, null],
      [false, null],
    ]);
    // The next batch publishes the failed row and the one held back behind it, once each.
    const before = await streamCount();
    expect(await relay.drainOnce()).toBe(2);
    expect((await publishedAt()).every(([done]: [boolean]) => done)).toBe(true);
    expect(await streamCount()).toBe(before + 1); // `after` was already stored: deduplicated
  });

  it('records every failed publish, a held-back row included, so its late arrival in the stream is explained', async () => {
    // A leader change mid-batch: `held` fails too, while `stored` (later, same subject) is stored.
    const drafts = ['failing', 'held', 'stored'].map((subject) => ({
      type: ACCEPTED,
      subject,
      data: {},
    }));
    const events = await ds.transaction((m) => app.get(OutboxService).enqueue(m, drafts));
    const rows = async () =>
      (
        await ds.query(
          'SELECT published_at IS NOT NULL AS done, attempts, last_error FROM outbox WHERE id = ANY($1) ORDER BY position',
          [events.map((e) => e.id)],
        )
      ).map((r: { done: boolean; attempts: number; last_error: string | null }) => [
        r.done,
        r.attempts,
        r.last_error,
      ]);

    const relay = new FailOnceRelay(ds, nats, opts, ['failing', 'held']);
    expect(await relay.drainOnce()).toBe(0);
    expect(await rows()).toEqual([
      [false, 1, 'no PubAck'],
      [false, 1, 'no PubAck'],
      [false, 0, null],
    ]);
    expect(await relay.drainOnce()).toBe(3);
    // `held` reached the stream after `stored`; its attempts (2) say its first publish failed.
    expect(await rows()).toEqual([
      [true, 2, null],
      [true, 2, null],
      [true, 1, null],
    ]);
  });

  it('lets one relay of a schema publish at a time: another replica waits for its batch', async () => {
    const [first] = await enqueue('order-one-relay');
    // Another replica's relay holds the schema's relay lock for the length of its batch.
    const other = ds.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    const [{ locked }] = await other.query(RELAY_LOCK);
    expect(locked).toBe(true);
    try {
      expect(await new OutboxRelay(ds, nats, opts).drainOnce()).toBe(0);
      const [row] = await ds.query('SELECT published_at FROM outbox WHERE id = $1', [first.id]);
      expect(row.published_at).toBeNull();
    } finally {
      await other.commitTransaction();
      await other.release();
    }
    expect(await new OutboxRelay(ds, nats, opts).drainOnce()).toBe(1);
  });

  it('publishes nothing for a rolled-back transaction', async () => {
    const before = await streamCount();
    await expect(
      ds.transaction(async (m) => {
        await app
          .get(OutboxService)
          .enqueue(m, { type: ACCEPTED, subject: 'rolled-back', data: {} });
        throw new FaultInjected('business rule failed');
      }),
    ).rejects.toThrow(FaultInjected);
    const batchesBefore = await messagingMetrics.outboxBatches().get();
    await new OutboxRelay(ds, nats, opts).drainOnce();
    expect(await streamCount()).toBe(before);
    // A pass that published nothing is not a batch.
    expect(await messagingMetrics.outboxBatches().get()).toEqual(batchesBefore);
  });

  it('wakes a running relay on commit through LISTEN/NOTIFY, well before its poll interval', async () => {
    const relay = new OutboxRelay(ds, nats, {
      ...opts,
      outbox: { ...opts.outbox, pollIntervalMs: 60_000 },
    });
    await relay.start();
    try {
      await sleep(200); // the first (empty) poll is done; the relay now sleeps for a minute
      const started = Date.now();
      const [event] = await enqueue('order-notify');
      await eventually(
        'publish after NOTIFY',
        async () => {
          const [row] = await ds.query('SELECT published_at FROM outbox WHERE id = $1', [event.id]);
          return row.published_at !== null;
        },
        5_000,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      const metrics = await register.getSingleMetricAsString('retail_outbox_published_total');
      expect(metrics).toMatch(/retail_outbox_published_total \d+/);
    } finally {
      await relay.stop();
    }
  });
});
