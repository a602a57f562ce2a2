import { Ctx, Payload } from '@nestjs/microservices';
import { Controller } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import type { CloudEvent } from '@retail/contracts';
import { register } from 'prom-client';
import type { DataSource } from 'typeorm';
import {
  ConsumerHost,
  EventPublisher,
  ConsumeEvents,
  NatsClient,
  NatsHealthIndicator,
  Ok,
  type JetStreamHandler,
  type MessageMeta,
} from '../../src';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  cleanUp,
  createDataSource,
  eventually,
  isolation,
  NATS_URL,
  sleep,
  startMessaging,
} from './harness';

const MOVEMENT = 'retail.inventory.v1.movement.recorded';
const PARTITIONS = ['p0', 'p1', 'p2', 'p3'];
const PER_PARTITION = 10;

/** Keyed concurrency: four lanes, so partitions overlap while each partition stays in order. */
@Controller()
class RecordMovements implements JetStreamHandler<{ n: number }> {
  readonly order = new Map<string, number[]>();
  running = 0;
  maxRunning = 0;
  slow = false;
  finished = 0;

  @ConsumeEvents({
    durable: 'messaging-test--movements',
    stream: 'RETAIL_INVENTORY',
    filterSubject: `${MOVEMENT}.*`,
    concurrency: 4,
  })
  async handle(@Payload() event: CloudEvent<{ n: number }>, @Ctx() meta: MessageMeta) {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    await sleep(this.slow ? 400 : 5 + ((event.data.n * 7) % 11));
    const partition = meta.subject.slice(MOVEMENT.length + 1);
    this.order.set(partition, [...(this.order.get(partition) ?? []), event.data.n]);
    this.running--;
    this.finished++;
    return Ok;
  }
}

describe('partitioned consumers and lifecycle (integration)', () => {
  const { schema, namespace } = isolation('messaging_partitions');
  let ds: DataSource;
  let app: INestApplicationContext;

  beforeAll(async () => {
    ds = await createDataSource(schema);
    app = await startMessaging(ds, { namespace, lagPollMs: 200 }, [RecordMovements]);
  });

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await cleanUp(schema, namespace);
  });

  it('keeps per-partition order while partitions are handled concurrently', async () => {
    const publisher = app.get(EventPublisher);
    for (let n = 0; n < PER_PARTITION; n++) {
      for (const partition of PARTITIONS) {
        await publisher.publish({
          type: MOVEMENT,
          subject: `sku-${partition}`,
          partition,
          data: { n },
        });
      }
    }
    const handler = app.get(RecordMovements);
    await eventually('all movements', () => handler.finished === PARTITIONS.length * PER_PARTITION);
    for (const partition of PARTITIONS) {
      expect(handler.order.get(partition)).toEqual(
        Array.from({ length: PER_PARTITION }, (_, i) => i),
      );
    }
    expect(handler.maxRunning).toBeGreaterThan(1);
    expect(handler.maxRunning).toBeLessThanOrEqual(4);
  });

  it('reports consumer lag and NATS health', async () => {
    await app.get(ConsumerHost).sampleLag();
    const lag = await register.getSingleMetricAsString('retail_consumer_pending_messages');
    expect(lag).toContain('{stream="RETAIL_INVENTORY",consumer="messaging-test--movements"} 0');
    await expect(app.get(NatsHealthIndicator).isHealthy('nats')).resolves.toMatchObject({
      nats: { status: 'up' },
    });
  });

  it('finishes in-flight handlers before draining the connection on shutdown', async () => {
    const handler = app.get(RecordMovements);
    handler.slow = true;
    const before = handler.finished;
    await app
      .get(EventPublisher)
      .publish({ type: MOVEMENT, subject: 'sku-x', partition: 'p9', data: { n: 99 } });
    await eventually('the slow handler started', () => handler.running === 1, 5_000);
    const nats = app.get(NatsClient);
    const health = app.get(NatsHealthIndicator);
    await app.close();
    expect(handler.finished).toBe(before + 1);
    expect(nats.nc.isClosed()).toBe(true);
    await expect(health.isHealthy('nats')).resolves.toMatchObject({ nats: { status: 'down' } });
    // The ack of the in-flight message was flushed by the drain: nothing left to redeliver.
    const nc = await connect({ servers: NATS_URL });
    const info = await (
      await jetstreamManager(nc)
    ).consumers.info(nats.streamName('RETAIL_INVENTORY'), 'messaging-test--movements');
    await nc.close();
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);
  });
});
