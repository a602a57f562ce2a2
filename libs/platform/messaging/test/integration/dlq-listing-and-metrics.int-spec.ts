import { Module, VersioningType } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProblemDetailsFilter } from '@retail/platform-http';
import { register } from 'prom-client';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import {
  DlqService,
  EventPublisher,
  MessagingModule,
  NEXT_CURSOR_HEADER,
  OpsController,
  type DeadLetterRecord,
} from '../../src';
import { cleanUp, createDataSource, isolation, NATS_URL } from './harness';

const ORIGINAL = 'retail.orders.v1.order.accepted';

function record(stream: string, n: number): DeadLetterRecord {
  const payload = JSON.stringify({ n });
  return {
    reason: `failed 5 deliveries; last error: case ${n}`,
    stream,
    consumer: 'messaging-test--dlq',
    subject: ORIGINAL,
    streamSequence: n,
    deliveries: 5,
    failedAt: new Date().toISOString(),
    event: null,
    payload: Buffer.from(payload).toString('base64'),
    headers: {},
  };
}

type Entry = { id: number; reason: string; stream: string; replayed: unknown };

describe('DLQ listing order, cursor and depth gauge (integration)', () => {
  const { schema, namespace } = isolation('messaging_dlqlist');
  let ds: DataSource;
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    ds = await createDataSource(schema);
    @Module({
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ds.options,
          dataSourceFactory: async () => ds,
        }),
        MessagingModule.forRoot({ serviceName: 'messaging-test', natsUrl: NATS_URL, namespace }),
      ],
      controllers: [OpsController],
      // As in every service: DomainExceptions become problem+json with their status.
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    })
    class DlqTestModule {}
    app = await NestFactory.create<NestFastifyApplication>(DlqTestModule, new FastifyAdapter(), {
      logger: false,
    });
    app.enableVersioning({ type: VersioningType.URI });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    // 5 returns dead letters first (sequences 1-5), then 100 orders dead letters (6-105).
    const publisher = app.get(EventPublisher);
    for (let n = 1; n <= 105; n++) {
      const stream = n <= 5 ? 'RETAIL_RETURNS' : 'RETAIL_ORDERS';
      await publisher.publishRaw(
        `retail.dlq.${stream}.messaging-test--dlq`,
        JSON.stringify(record(stream, n)),
      );
    }
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(schema, namespace);
  });

  const list = (query: Record<string, string | number>) =>
    http().get('/v1/ops/dlq').query(query).expect(200);

  /** Follows `x-next-cursor` until the last page; returns every id in page order. */
  async function walk(query: Record<string, string | number>): Promise<number[]> {
    const ids: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const res = await list(cursor ? { ...query, fromSequence: cursor } : query);
      ids.push(...(res.body as Entry[]).map((e) => e.id));
      cursor = res.headers[NEXT_CURSOR_HEADER];
      if (!cursor) return ids;
    }
    throw new Error('the cursor never ended');
  }

  const range = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('keeps the default: oldest first, a plain array, at most 50', async () => {
    const res = await list({ stream: 'RETAIL_ORDERS' });
    expect(Array.isArray(res.body)).toBe(true);
    expect((res.body as Entry[]).map((e) => e.id)).toEqual(range(6, 55));
    expect(res.headers[NEXT_CURSOR_HEADER]).toBe('56');
  });

  it('returns the newest dead letters first, up to 500', async () => {
    const res = await list({ stream: 'RETAIL_ORDERS', order: 'newest', limit: 500 });
    expect((res.body as Entry[]).map((e) => e.id)).toEqual(range(6, 105).reverse());
    expect(res.headers[NEXT_CURSOR_HEADER]).toBeUndefined();
  });

  it('pages both ways with the cursor, without gaps or repeats', async () => {
    expect(await walk({ stream: 'RETAIL_ORDERS', limit: 7 })).toEqual(range(6, 105));
    expect(await walk({ stream: 'RETAIL_ORDERS', order: 'newest', limit: 7 })).toEqual(
      range(6, 105).reverse(),
    );
  });

  it('walks back past many newer dead letters of other streams', async () => {
    const res = await list({ stream: 'RETAIL_RETURNS', order: 'newest', limit: 3 });
    expect((res.body as Entry[]).map((e) => e.id)).toEqual([5, 4, 3]);
    expect(res.headers[NEXT_CURSOR_HEADER]).toBe('2');
    expect(await walk({ stream: 'RETAIL_RETURNS', order: 'newest', limit: 3 })).toEqual([
      5, 4, 3, 2, 1,
    ]);
  });

  it('refuses an unknown order or a bad cursor with 422', async () => {
    const bad = await http().get('/v1/ops/dlq').query({ order: 'latest' }).expect(422);
    expect(bad.text).toContain('invalid_dlq_query'); // problem+json, not parsed by supertest
    await http().get('/v1/ops/dlq').query({ fromSequence: 'x' }).expect(422);
  });

  it('reports retail_dlq_messages per stream and the replays, skipping tombstones', async () => {
    await app.get(DlqService).replay(105);
    await app.get(DlqService).replay(104);
    const text = await register.metrics();
    expect(text).toContain('retail_dlq_messages{stream="RETAIL_ORDERS"} 100');
    expect(text).toContain('retail_dlq_messages{stream="RETAIL_RETURNS"} 5');
    expect(text).toContain('retail_dlq_messages{stream="RETAIL_INVENTORY"} 0');
    expect(text).toContain('retail_dlq_replayed_total 2');

    // Tombstones are newest in the DLQ: the listing skips them and shows the replay marks.
    const newest = (await list({ order: 'newest', limit: 3 })).body as Entry[];
    expect(newest.map((e) => e.id)).toEqual([105, 104, 103]);
    expect(newest.map((e) => e.replayed !== null)).toEqual([true, true, false]);
  });
});
