import { Payload } from '@nestjs/microservices';
import { Controller } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import type { CloudEvent } from '@retail/contracts';
import type { DataSource } from 'typeorm';
import {
  DlqService,
  EventPublisher,
  ConsumeEvents,
  NonRetryableError,
  Ok,
  type JetStreamHandler,
} from '../../src';
import { cleanUp, createDataSource, eventually, isolation, startMessaging } from './harness';

const RECEIVED = 'retail.returns.v1.return.received';

@Controller()
class ReturnReceived implements JetStreamHandler {
  readonly seen: string[] = [];
  @ConsumeEvents({
    durable: 'messaging-test--return-received',
    stream: 'RETAIL_RETURNS',
    filterSubject: RECEIVED,
  })
  async handle(@Payload() event: CloudEvent) {
    this.seen.push(event.subject);
    if (event.subject === 'unsupported')
      throw new NonRetryableError('unsupported dataschemaversion 9.0');
    return Ok;
  }
}

describe('poison messages (integration)', () => {
  const { schema, namespace } = isolation('messaging_poison');
  let ds: DataSource;
  let app: INestApplicationContext;

  beforeAll(async () => {
    ds = await createDataSource(schema);
    // A large MAX_DELIVER and back-off: only immediate dead-lettering can pass within the timeouts.
    app = await startMessaging(ds, { namespace, maxDeliver: 50, backoffMs: 60_000 }, [
      ReturnReceived,
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(schema, namespace);
  });

  const deadLetters = () => app.get(DlqService).list({ stream: 'RETAIL_RETURNS', limit: 50 });

  it('dead-letters non-JSON at once and keeps the partition flowing', async () => {
    const publisher = app.get(EventPublisher);
    await publisher.publishRaw(RECEIVED, '{"specversion": "1.0", oops', 'poison-1');
    await publisher.publish({ type: RECEIVED, subject: 'after-poison', data: {} });

    await eventually(
      'the poison dead-lettered',
      async () => (await deadLetters()).length === 1,
      5_000,
    );
    const [entry] = await deadLetters();
    expect(entry.reason).toMatch(/^poison: /);
    expect(entry.deliveries).toBe(1);
    expect(entry.event).toBeNull();
    await eventually(
      'the next message',
      () => app.get(ReturnReceived).seen.includes('after-poison'),
      5_000,
    );
    expect(app.get(ReturnReceived).seen).toEqual(['after-poison']);
  });

  it('dead-letters a JSON body that is not a valid envelope at once', async () => {
    await app
      .get(EventPublisher)
      .publishRaw(RECEIVED, JSON.stringify({ hello: 'world' }), 'poison-2');
    await eventually(
      'the invalid envelope dead-lettered',
      async () => (await deadLetters()).length === 2,
      5_000,
    );
    const entry = (await deadLetters())[1];
    expect(entry.reason).toContain('specversion must be "1.0"');
    expect(entry.deliveries).toBe(1);
  });

  it('dead-letters at once when the handler throws a non-retryable error', async () => {
    await app.get(EventPublisher).publish({ type: RECEIVED, subject: 'unsupported', data: {} });
    await eventually(
      'the non-retryable dead-lettered',
      async () => (await deadLetters()).length === 3,
      5_000,
    );
    const entry = (await deadLetters())[2];
    expect(entry.reason).toContain(
      'non-retryable error: NonRetryableError: unsupported dataschemaversion 9.0',
    );
    expect(entry.deliveries).toBe(1);
    expect(app.get(ReturnReceived).seen.filter((s) => s === 'unsupported')).toHaveLength(1);
  });
});
