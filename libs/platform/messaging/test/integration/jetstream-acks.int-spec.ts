import { randomUUID } from 'node:crypto';
import { headers, type MsgHdrs, type NatsConnection } from '@nats-io/nats-core';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { JetStreamAcks, JetStreamPublishError } from '../../src/nats/jetstream-acks';
import { NATS_URL } from './harness';

const withId = (id: string, extra: Record<string, string> = {}): MsgHdrs => {
  const h = headers();
  h.set('Nats-Msg-Id', id);
  for (const [k, v] of Object.entries(extra)) h.set(k, v);
  return h;
};

describe('JetStreamAcks (integration, nats-server with JetStream)', () => {
  const token = randomUUID().slice(0, 8);
  const stream = `ACKS_${token.toUpperCase()}`;
  const subject = (s: string) => `acks${token}.${s}`;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let sut: JetStreamAcks;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL, noAsyncTraces: true });
    jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: stream, subjects: [`acks${token}.stored.>`] });
    sut = new JetStreamAcks(nc, 5000);
  });

  afterAll(async () => {
    sut.close();
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
  });

  it('resolves with the stream and sequence of each message, in publish order', async () => {
    const acks = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        sut.publish(subject(`stored.p${i % 4}`), JSON.stringify({ i }), withId(`m-${i}`)),
      ),
    );
    expect(acks.every((a) => a.stream === stream && !a.duplicate)).toBe(true);
    const seqs = acks.map((a) => a.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(300);
    expect((await jsm.streams.info(stream)).state.messages).toBe(300);
    expect(sut.inFlight).toBe(0);
  });

  it('answers a re-sent message id as a duplicate of the stored one (nothing stored twice)', async () => {
    const first = await sut.publish(subject('stored.dup'), '{"n":1}', withId('dup-1'));
    const again = await sut.publish(subject('stored.dup'), '{"n":1}', withId('dup-1'));
    expect(again).toMatchObject({ stream, seq: first.seq, duplicate: true });
    const msg = await jsm.streams.getMessage(stream, { last_by_subj: subject('stored.dup') });
    expect(msg?.seq).toBe(first.seq);
  });

  it("fails with the server's error when the stream refuses the message", async () => {
    const refused = sut.publish(
      subject('stored.expect'),
      '{}',
      withId('exp-1', { 'Nats-Expected-Last-Sequence': '999999' }),
    );
    await expect(refused).rejects.toBeInstanceOf(JetStreamPublishError);
    await expect(refused).rejects.toMatchObject({ errCode: 10071, reason: 'refused' });
  });

  it('fails at once when no stream listens on the subject (no responders)', async () => {
    const nowhere = sut.publish(subject('nowhere'), '{}', withId('nr-1'));
    await expect(nowhere).rejects.toThrow(/no stream listens on .*nowhere \(no responders\)/);
    await expect(nowhere).rejects.toMatchObject({ reason: 'no_responders' });
  });

  it('fails after its deadline when nothing acknowledges, and forgets the late ack', async () => {
    // A plain subscriber on the subject: the publish has a responder that never answers.
    const silent = nc.subscribe(subject('silent'));
    const short = new JetStreamAcks(nc, 100);
    try {
      const started = Date.now();
      const failure = await short.publish(subject('silent'), '{}', withId('t-1')).catch((e) => e);
      expect(failure).toMatchObject({ name: 'TimeoutError' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
      expect(short.inFlight).toBe(0);
    } finally {
      short.close();
      silent.unsubscribe();
    }
  });

  it('fails what still waits when it is closed', async () => {
    const silent = nc.subscribe(subject('closing'));
    const closing = new JetStreamAcks(nc, 60_000);
    const pending = closing.publish(subject('closing'), '{}', withId('c-1'));
    await nc.flush();
    closing.close();
    await expect(pending).rejects.toThrow(/connection closing before the ack/);
    silent.unsubscribe();
  });
});
