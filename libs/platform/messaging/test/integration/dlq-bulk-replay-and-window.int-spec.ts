import { Payload } from '@nestjs/microservices';
import { Controller, Module, VersioningType } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { CloudEvent } from '@retail/contracts';
import { ProblemDetailsFilter } from '@retail/platform-http';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import {
  EventPublisher,
  ConsumeEvents,
  MessagingModule,
  NatsClient,
  Ok,
  OpsController,
  type JetStreamHandler,
  connectJetStream,
} from '../../src';
import { cleanUp, createDataSource, eventually, isolation, NATS_URL } from './harness';

const SHIPPED = 'retail.orders.v1.order.shipped';

@Controller()
class Shipped implements JetStreamHandler {
  fixed = false;
  handled: string[] = [];
  @ConsumeEvents({
    durable: 'messaging-test--shipped',
    stream: 'RETAIL_ORDERS',
    filterSubject: SHIPPED,
    maxDeliver: 1,
  })
  async handle(@Payload() event: CloudEvent) {
    if (!this.fixed) throw new Error('carrier unknown');
    this.handled.push(event.correlationid);
    return Ok;
  }
}

type Entry = { id: number; reason: string; event: { correlationid: string } | null };

describe('DLQ filters, bulk replay and replay windows with dry runs (integration)', () => {
  const { schema, namespace } = isolation('messaging_dlqbulk');
  let ds: DataSource;
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());
  /** Messages stored in the orders stream and the DLQ: a dry run must change neither. */
  const stored = async () => {
    const nats = app.get(NatsClient);
    const count = async (s: string) =>
      (await nats.jsm.streams.info(nats.streamName(s))).state.messages;
    return { orders: await count('RETAIL_ORDERS'), dlq: await count('RETAIL_DLQ') };
  };

  beforeAll(async () => {
    ds = await createDataSource(schema);
    @Module({
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ds.options,
          dataSourceFactory: async () => ds,
        }),
        MessagingModule.forRoot({
          serviceName: 'messaging-test',
          natsUrl: NATS_URL,
          namespace,
          backoffMs: 10,
        }),
      ],
      controllers: [OpsController, Shipped],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    })
    class BulkTestModule {}
    app = await NestFactory.create<NestFastifyApplication>(BulkTestModule, new FastifyAdapter(), {
      logger: false,
    });
    app.enableVersioning({ type: VersioningType.URI });
    await app.init();
    await connectJetStream(app);
    await app.getHttpAdapter().getInstance().ready();
    const publisher = app.get(EventPublisher);
    for (const c of ['corr-a', 'corr-b', 'corr-c'])
      await publisher.publish(
        { type: SHIPPED, subject: `order-${c}`, data: {} },
        {
          correlationId: c,
        },
      );
    await eventually('three dead letters', async () => {
      const res = await http().get('/v1/ops/dlq').query({ stream: 'RETAIL_ORDERS' });
      return (res.body as Entry[]).length === 3;
    });
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(schema, namespace);
  });

  const list = async (query: Record<string, string>) =>
    (await http().get('/v1/ops/dlq').query(query).expect(200)).body as Entry[];

  it('filters the listing by consumer, reason, time and correlation id', async () => {
    expect(await list({ reason: 'CARRIER UNKNOWN' })).toHaveLength(3);
    expect(await list({ consumer: 'messaging-test--shipped' })).toHaveLength(3);
    expect(await list({ consumer: 'someone-else' })).toHaveLength(0);
    expect(await list({ from: new Date(Date.now() + 60_000).toISOString() })).toHaveLength(0);
    const b = await list({ correlationId: 'corr-b' });
    expect(b.map((e) => e.event?.correlationid)).toEqual(['corr-b']);
  });

  it('shows one dead letter with its payload', async () => {
    const [entry] = await list({ correlationId: 'corr-a' });
    const res = await http().get(`/v1/ops/dlq/${entry.id}`).expect(200);
    expect(res.body.payloadEncoding).toBe('utf8');
    expect(JSON.parse(res.body.payload)).toMatchObject({ type: SHIPPED, correlationid: 'corr-a' });
    await http().get('/v1/ops/dlq/999999').expect(404);
  });

  it('dry-runs a filter replay: lists what would be re-delivered, publishes nothing', async () => {
    const before = await stored();
    const res = await http()
      .post('/v1/ops/dlq:replay')
      .send({ filter: { correlationId: 'corr-b' }, dryRun: true })
      .expect(200);
    expect(res.body).toMatchObject({ dryRun: true, matched: 1 });
    expect(res.body.items[0]).toMatchObject({ correlationId: 'corr-b', outcome: 'would-replay' });
    expect(await stored()).toEqual(before);
    expect(app.get(Shipped).handled).toEqual([]);
  });

  it('replays a selection once: a second request finds it already replayed', async () => {
    app.get(Shipped).fixed = true;
    const [entry] = await list({ correlationId: 'corr-b' });
    const first = await http()
      .post('/v1/ops/dlq:replay')
      .send({ ids: [entry.id], dryRun: false })
      .expect(200);
    expect(first.body.items[0].outcome).toBe('replayed');
    await eventually('handled', () => app.get(Shipped).handled.includes('corr-b'));
    const again = await http()
      .post('/v1/ops/dlq:replay')
      .send({ ids: [entry.id], dryRun: false })
      .expect(200);
    expect(again.body.items[0].outcome).toBe('already-replayed');
    expect(app.get(Shipped).handled).toEqual(['corr-b']);
  });

  it('refuses a bulk replay with neither ids nor a filter', async () => {
    await http().post('/v1/ops/dlq:replay').send({ dryRun: true }).expect(422);
  });

  it('dry-runs a stream window up to a sequence, then replays one correlation id', async () => {
    const before = await stored();
    const dry = await http()
      .post('/v1/ops/replay')
      .send({ stream: 'RETAIL_ORDERS', fromSequence: 1, toSequence: 2, dryRun: true })
      .expect(202);
    expect(dry.body).toMatchObject({ dryRun: true, matched: 2, republished: 0 });
    expect(dry.body.items.map((i: { correlationId: string }) => i.correlationId)).toEqual([
      'corr-a',
      'corr-b',
    ]);
    expect(await stored()).toEqual(before);

    const one = await http()
      .post('/v1/ops/replay')
      .send({ stream: 'RETAIL_ORDERS', fromSequence: 1, correlationId: 'corr-c' })
      .expect(202);
    expect(one.body).toMatchObject({ dryRun: false, matched: 1, republished: 1 });
    await eventually('corr-c handled', () => app.get(Shipped).handled.includes('corr-c'));
  });

  it('refuses a window that starts in the future or ends before it starts', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    await http()
      .post('/v1/ops/replay')
      .send({ stream: 'RETAIL_ORDERS', fromTime: future, dryRun: true })
      .expect(422);
    await http()
      .post('/v1/ops/replay')
      .send({ stream: 'RETAIL_ORDERS', fromSequence: 5, toSequence: 2 })
      .expect(422);
  });
});
