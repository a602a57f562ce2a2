import { Payload } from '@nestjs/microservices';
import { Controller, Module, VersioningType } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { CloudEvent } from '@retail/contracts';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import {
  EventPublisher,
  ConsumeEvents,
  MessagingModule,
  Ok,
  OpsController,
  type JetStreamHandler,
  connectJetStream,
} from '../../src';
import { declaredScopes } from '@retail/platform-http';
import { cleanUp, createDataSource, eventually, isolation, NATS_URL } from './harness';

const DELIVERED = 'retail.orders.v1.order.delivered';

@Controller()
class Delivered implements JetStreamHandler {
  fixed = false;
  handled = 0;
  @ConsumeEvents({
    durable: 'messaging-test--delivered',
    stream: 'RETAIL_ORDERS',
    filterSubject: DELIVERED,
    maxDeliver: 1,
  })
  async handle(@Payload() _event: CloudEvent) {
    if (!this.fixed) throw new Error('not yet');
    this.handled++;
    return Ok;
  }
}

describe('ops routes (integration)', () => {
  const { schema, namespace } = isolation('messaging_ops');
  let ds: DataSource;
  let app: NestFastifyApplication;

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
      controllers: [OpsController, Delivered],
    })
    class OpsTestModule {}
    app = await NestFactory.create<NestFastifyApplication>(OpsTestModule, new FastifyAdapter(), {
      logger: false,
    });
    app.enableVersioning({ type: VersioningType.URI });
    await app.init();
    await connectJetStream(app);
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(schema, namespace);
  });

  it('is admin-only', () => {
    expect(declaredScopes(new Reflector(), [OpsController])).toEqual(['admin']);
  });

  it('lists, replays a dead letter, and replays a stream range over HTTP', async () => {
    const http = () => request(app.getHttpServer());
    await app.get(EventPublisher).publish({ type: DELIVERED, subject: 'order-ops', data: {} });
    let list: Array<{ id: number; reason: string }> = [];
    await eventually('a dead letter', async () => {
      list = (await http().get('/v1/ops/dlq').query({ stream: 'RETAIL_ORDERS' }).expect(200)).body;
      return list.length === 1;
    });
    expect(list[0].reason).toContain('not yet');

    app.get(Delivered).fixed = true;
    const replayed = await http().post(`/v1/ops/dlq/${list[0].id}/replay`).expect(200);
    expect(replayed.body.status).toBe('replayed');
    await eventually('the replay handled', () => app.get(Delivered).handled === 1);

    // This handler has no inbox, so each republished copy is handled again: the copies arrive.
    const range = await http()
      .post('/v1/ops/replay')
      .send({ stream: 'RETAIL_ORDERS', fromSequence: 1 })
      .expect(202);
    expect(range.body.republished).toBe(2);
    await eventually('the range handled', () => app.get(Delivered).handled === 3);
  });
});
