import { Payload } from '@nestjs/microservices';
import { Controller } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import {
  DlqService,
  EventPublisher,
  ConsumeEvents,
  NonRetryableError,
  Ok,
  Retry,
  type BatchItem,
  type BatchItemResult,
  type JetStreamBatchHandler,
} from '../../src';
import type { DataSource } from 'typeorm';
import { cleanUp, createDataSource, eventually, isolation, startMessaging } from './harness';

const RECEIVED = 'retail.returns.v1.return.received';
/** Valid messages published before the first batch is full (see the test). */
const BATCH = 6;

/** Answers per item: `bad-*` cannot be handled, `flaky-*` fails its first delivery. */
@Controller()
class ReturnsInBatches implements JetStreamBatchHandler {
  readonly calls: string[][] = [];
  readonly applied: string[] = [];
  @ConsumeEvents({
    durable: 'messaging-test--return-received-batch',
    stream: 'RETAIL_RETURNS',
    filterSubject: RECEIVED,
    batch: { maxMessages: BATCH, lingerMs: 2_000 },
  })
  async handleBatch(@Payload() items: BatchItem[]): Promise<BatchItemResult[]> {
    this.calls.push(items.map((i) => i.event.subject ?? ''));
    return items.map(({ event, meta }) => {
      const subject = event.subject ?? '';
      if (subject.startsWith('bad-')) return new NonRetryableError(`cannot handle ${subject}`);
      if (subject.startsWith('flaky-') && meta.deliveryCount === 1) return Retry(0);
      this.applied.push(subject);
      return Ok;
    });
  }
}

describe('batch consumers (integration)', () => {
  const { schema, namespace } = isolation('messaging_batch');
  let ds: DataSource;
  let app: INestApplicationContext;

  beforeAll(async () => {
    ds = await createDataSource(schema);
    // A large MAX_DELIVER and back-off: only immediate dead-lettering can pass within the timeouts.
    app = await startMessaging(ds, { namespace, maxDeliver: 50, backoffMs: 60_000 }, [
      ReturnsInBatches,
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(schema, namespace);
  });

  const deadLetters = () => app.get(DlqService).list({ stream: 'RETAIL_RETURNS', limit: 50 });

  it('hands many messages in one call and dead-letters only the poison and the refused one', async () => {
    const publisher = app.get(EventPublisher);
    const send = (subject: string) => publisher.publish({ type: RECEIVED, subject, data: {} });
    await send('ok-1');
    await publisher.publishRaw(RECEIVED, '{"specversion": "1.0", oops', 'batch-poison-1');
    await send('bad-1');
    await send('ok-2');
    await send('flaky-1');
    await send('ok-3');

    await eventually('both dead-lettered', async () => (await deadLetters()).length === 2, 10_000);
    const reasons = (await deadLetters()).map((d) => d.reason).sort();
    expect(reasons[0]).toContain('non-retryable error: NonRetryableError: cannot handle bad-1');
    expect(reasons[1]).toMatch(/^poison: /);

    const handler = app.get(ReturnsInBatches);
    await eventually('the retried one applied', () => handler.applied.includes('flaky-1'), 10_000);
    expect([...handler.applied].sort()).toEqual(['flaky-1', 'ok-1', 'ok-2', 'ok-3']);
    // The first call carried the five valid envelopes (the poison never reaches the handler).
    expect(handler.calls[0]).toEqual(['ok-1', 'bad-1', 'ok-2', 'flaky-1', 'ok-3']);
    // Only the nak'ed one came back; the refused one was not retried.
    expect(handler.calls.slice(1).flat()).toEqual(['flaky-1']);
  });
});
