import type { MsgHdrs } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import type { NatsClient } from '../nats/nats-client';
import type { ResolvedMessagingOptions } from '../options';
import { register } from 'prom-client';
import { JetStreamAckTimeoutError, JetStreamPublishError } from '../nats/jetstream-acks';
import { listenBackoffMs, OutboxRelay, publishFailureReason, type OutboxRow } from './outbox-relay';

describe('listenBackoffMs', () => {
  it('starts at 100 ms, doubles, and stays at 30 s', () => {
    const sut = [0, 1, 2, 3, 8, 9, 20].map(listenBackoffMs);
    expect(sut).toEqual([100, 200, 400, 800, 25_600, 30_000, 30_000]);
  });
});

const row = (
  n: number,
  subject = `retail.inventory.v1.movement.recorded.p${n % 2}`,
): OutboxRow => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  position: String(40 + n),
  subject,
  payload: { id: `e${n}`, type: subject, data: { n } },
  headers: { 'x-correlation-id': `c${n}` },
});

/** A batch of `rows` in a fake transaction; JetStream acks only when `ack()` is called. */
function relayWith(rows: OutboxRow[]) {
  const queries: Array<{ sql: string; params?: unknown[] }> = [];
  const manager = {
    query: jest.fn(async (sql: string, params?: unknown[]) => {
      queries.push({ sql, params });
      if (sql.includes('pg_try_advisory_xact_lock')) return [{ locked: true }];
      if (sql.includes('FROM outbox')) return rows;
      return [];
    }),
  };
  const dataSource = { transaction: (work: (m: typeof manager) => unknown) => work(manager) };
  const acks: Array<() => void> = [];
  const publish = jest.fn(
    () => new Promise((resolve) => acks.push(() => resolve({ seq: 1, duplicate: false }))),
  );
  const nats = { acks: { publish }, subject: (s: string) => `ns.${s}` };
  const opts = { outbox: { batchSize: 500 } } as ResolvedMessagingOptions;
  const sut = new OutboxRelay(
    dataSource as unknown as DataSource,
    nats as unknown as NatsClient,
    opts,
  );
  return { sut, publish, acks, queries };
}

describe('OutboxRelay.drainOnce', () => {
  it('has every row of a batch in flight before the first ack, then marks them all at once', async () => {
    const rows = [row(1), row(2), row(3)];
    const { sut, publish, acks, queries } = relayWith(rows);
    const drained = sut.drainOnce();
    await new Promise((resolve) => setImmediate(resolve));
    expect(publish).toHaveBeenCalledTimes(3);
    acks.forEach((ack) => ack());
    expect(await drained).toBe(3);
    const marks = queries.filter((q) => q.sql.startsWith('UPDATE outbox SET published_at'));
    expect(marks).toEqual([{ sql: expect.any(String), params: [rows.map((r) => r.id)] }]);
  });

  it('publishes each row in position order with its sequence, message id and headers', async () => {
    const rows = [row(1), row(2)];
    const { sut, publish, acks } = relayWith(rows);
    const drained = sut.drainOnce();
    await new Promise((resolve) => setImmediate(resolve));
    acks.forEach((ack) => ack());
    await drained;
    const calls = publish.mock.calls as unknown as Array<[string, string, MsgHdrs]>;
    expect(calls.map(([subject]) => subject)).toEqual(rows.map((r) => `ns.${r.subject}`));
    const [subject, body, headers] = calls[0];
    expect(subject).toBe('ns.retail.inventory.v1.movement.recorded.p1');
    expect(JSON.parse(body)).toEqual({
      ...(rows[0].payload as object),
      sequence: '00000000000000000041',
    });
    expect(headers.get('Nats-Msg-Id')).toBe(rows[0].id);
    expect(headers.get('x-correlation-id')).toBe('c1');
  });

  it('counts each event JetStream did not acknowledge by reason, and marks only the others', async () => {
    const rows = [row(1, 'a'), row(2, 'b'), row(3, 'c'), row(4, 'd')];
    const { sut, publish, queries } = relayWith(rows);
    const failures = [
      undefined,
      new JetStreamAckTimeoutError('ns.b', 5000),
      new JetStreamPublishError('wrong last sequence (400/10071) on ns.c', 'refused', 10071),
      new JetStreamPublishError('no stream listens on ns.d (no responders)', 'no_responders'),
    ];
    publish.mockImplementation(((subject: string) => {
      const failure = failures[['ns.a', 'ns.b', 'ns.c', 'ns.d'].indexOf(subject)];
      return failure ? Promise.reject(failure) : Promise.resolve({ seq: 1, duplicate: false });
    }) as never);
    const before = await failuresByReason();
    expect(await sut.drainOnce()).toBe(1);
    const after = await failuresByReason();
    const delta = (reason: string) => (after[reason] ?? 0) - (before[reason] ?? 0);
    expect([delta('timeout'), delta('refused'), delta('no_responders'), delta('other')]).toEqual([
      1, 1, 1, 0,
    ]);
    const marks = queries.filter((q) => q.sql.startsWith('UPDATE outbox SET published_at'));
    expect(marks.map((m) => m.params)).toEqual([[[rows[0].id]]]);
  });
});

describe('publishFailureReason', () => {
  it('names the failure classes of a publish', () => {
    expect(publishFailureReason(new JetStreamAckTimeoutError('s', 1))).toBe('timeout');
    expect(publishFailureReason(new JetStreamPublishError('x', 'refused', 10071))).toBe('refused');
    expect(publishFailureReason(new JetStreamPublishError('x', 'no_responders'))).toBe(
      'no_responders',
    );
    expect(publishFailureReason(Object.assign(new Error('t'), { name: 'TimeoutError' }))).toBe(
      'timeout',
    );
    expect(publishFailureReason(new Error('connection closed'))).toBe('other');
  });
});

async function failuresByReason(): Promise<Record<string, number>> {
  const metric = register.getSingleMetric('retail_outbox_publish_failures_total');
  const values = metric ? (await metric.get()).values : [];
  return Object.fromEntries(values.map((v) => [String(v.labels.reason), v.value]));
}
