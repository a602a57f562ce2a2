import { Ctx, Payload } from '@nestjs/microservices';
import { Controller, Inject, type INestApplicationContext } from '@nestjs/common';
import type { CloudEvent } from '@retail/contracts';
import type { DataSource } from 'typeorm';
import {
  EventPublisher,
  InboxService,
  ConsumeEvents,
  Ok,
  Retry,
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

const SHIPPED = 'retail.orders.v1.order.shipped';

/** Commits its effect, then asks for a redelivery on the first attempt (as if the ack was lost). */
@Controller()
class ApplyShipped implements JetStreamHandler {
  readonly deliveries = new Map<string, number>();
  constructor(@Inject(InboxService) private readonly inbox: InboxService) {}

  @ConsumeEvents({
    durable: 'messaging-test--apply-shipped',
    stream: 'RETAIL_ORDERS',
    filterSubject: SHIPPED,
  })
  async handle(@Payload() event: CloudEvent, @Ctx() meta: MessageMeta) {
    this.deliveries.set(event.id, (this.deliveries.get(event.id) ?? 0) + 1);
    const outcome = await this.inbox.runOnce(meta.consumer, event.id, async (m) => {
      await m.query('INSERT INTO effects (event_id, consumer) VALUES ($1, $2)', [
        event.id,
        meta.consumer,
      ]);
    });
    if (event.subject.startsWith('nak-after-commit') && meta.deliveryCount === 1) return Retry(20);
    return outcome === 'processed' ? Ok : Skipped;
  }
}

describe('inbox (integration)', () => {
  const { schema, namespace } = isolation('messaging_inbox');
  let ds: DataSource;
  let app: INestApplicationContext;

  beforeAll(async () => {
    ds = await createDataSource(schema, [EffectsTable1732600000001]);
    app = await startMessaging(ds, { namespace, backoffMs: 20 }, [ApplyShipped]);
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(schema, namespace);
  });

  const effects = async (eventId: string) =>
    Number(
      (await ds.query('SELECT count(*) AS n FROM effects WHERE event_id = $1', [eventId]))[0].n,
    );

  it('applies an event republished under another Nats-Msg-Id once', async () => {
    const publisher = app.get(EventPublisher);
    const { event } = await publisher.publish({ type: SHIPPED, subject: 'order-dup', data: {} });
    // A copy JetStream cannot dedupe (e.g. relayed again after the duplicate window).
    const copy = await publisher.publishEvent(event, undefined, `${event.id}-after-window`);
    expect(copy.duplicate).toBe(false);
    await eventually(
      'both copies delivered',
      () => app.get(ApplyShipped).deliveries.get(event.id) === 2,
    );
    expect(await effects(event.id)).toBe(1);
  });

  it('applies a message redelivered after its effect committed once', async () => {
    const { event } = await app
      .get(EventPublisher)
      .publish({ type: SHIPPED, subject: 'nak-after-commit-1', data: {} });
    await eventually('the redelivery', () => app.get(ApplyShipped).deliveries.get(event.id) === 2);
    await sleep(200);
    expect(await effects(event.id)).toBe(1);
  });

  it('lets exactly one of many concurrent duplicates through, without check-then-insert', async () => {
    const inbox = app.get(InboxService);
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () =>
        inbox.runOnce('race-consumer', 'msg-race', async (m) => {
          await m.query(
            "INSERT INTO effects (event_id, consumer) VALUES ('msg-race', 'race-consumer')",
          );
          await sleep(20);
        }),
      ),
    );
    expect(outcomes.filter((o) => o === 'processed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(7);
    expect(await effects('msg-race')).toBe(1);
  });

  it('rolls the inbox row back with a failed effect, so the retry applies it', async () => {
    const inbox = app.get(InboxService);
    await expect(
      inbox.runOnce('retry-consumer', 'msg-fail', async () => {
        throw new Error('effect failed');
      }),
    ).rejects.toThrow('effect failed');
    const second = await inbox.runOnce('retry-consumer', 'msg-fail', async (m) => {
      await m.query(
        "INSERT INTO effects (event_id, consumer) VALUES ('msg-fail', 'retry-consumer')",
      );
    });
    expect(second).toBe('processed');
    expect(await effects('msg-fail')).toBe(1);
  });
});
