import {
  type CallHandler,
  Controller,
  type ExecutionContext,
  type INestApplication,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { CloudEvent } from '@retail/contracts';
import type { Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import {
  ConsumeEvents,
  EventPublisher,
  JetStreamContext,
  JetStreamServer,
  NatsClient,
  Ok,
} from '../../src';
import { cleanUp, createDataSource, eventually, isolation, startMessaging } from './harness';

const DELIVERED = 'retail.orders.v1.order.delivered';

/** A Nest interceptor: it only runs if the handler is called through Nest's RPC pipeline. */
@Injectable()
class SeenByNest implements NestInterceptor {
  static calls: string[] = [];
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    SeenByNest.calls.push(context.getType());
    return next.handle();
  }
}

@Controller()
class Delivered {
  readonly contexts: unknown[] = [];
  @ConsumeEvents({ handler: 'delivered-probe', stream: 'RETAIL_ORDERS', filterSubject: DELIVERED })
  @UseInterceptors(SeenByNest)
  async handle(@Payload() event: CloudEvent, @Ctx() ctx: JetStreamContext) {
    this.contexts.push(ctx);
    return Ok;
  }
}

describe('JetStream as a Nest microservices transport (integration)', () => {
  const { schema, namespace } = isolation('messaging_transport');
  let ds: DataSource;
  let app: INestApplication;

  beforeAll(async () => {
    ds = await createDataSource(schema);
    app = await startMessaging(ds, { namespace }, [Delivered]);
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(schema, namespace);
  });

  it('serves an @EventPattern handler through Nest: interceptors run, @Ctx() is the delivery', async () => {
    await app.get(EventPublisher).publish({ type: DELIVERED, subject: 'order-1', data: {} });
    const handler = app.get(Delivered);
    await eventually('the delivery', () => handler.contexts.length === 1, 10_000);
    expect(SeenByNest.calls).toEqual(['rpc']);
    const ctx = handler.contexts[0] as JetStreamContext;
    expect(ctx).toBeInstanceOf(JetStreamContext);
    expect(ctx.getArgs()[0]).toMatchObject({ subject: DELIVERED, deliveryCount: 1 });
    expect(ctx).toMatchObject({ consumer: 'messaging-test--delivered-probe', deliveryCount: 1 });
  });

  it('names a `handler` consumer after the host service and provisions it durably', async () => {
    const nats = app.get(NatsClient);
    const info = await nats.jsm.consumers.info(
      nats.streamName('RETAIL_ORDERS'),
      'messaging-test--delivered-probe',
    );
    expect(info.config.durable_name).toBe('messaging-test--delivered-probe');
    expect(info.config.filter_subject).toBe(nats.subject(DELIVERED));
  });

  it('is the strategy the app connected', () => {
    const [microservice] = app.getMicroservices();
    expect(microservice).toBeDefined();
    expect(app.get(JetStreamServer).unwrap()).toBeDefined();
  });
});
