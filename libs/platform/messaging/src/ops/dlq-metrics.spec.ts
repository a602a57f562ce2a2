import { ALL_STREAMS } from '@retail/contracts';
import { register } from 'prom-client';
import type { NatsClient } from '../nats/nats-client';
import { resolveOptions } from '../options';
import { DlqMetrics } from './dlq-metrics';

/** RETAIL_DLQ in namespace t1: 3 dead letters of orders (two consumers), 1 of returns, 2 tombstones. */
const STORED: Record<string, number> = {
  't1.retail.dlq.RETAIL_ORDERS.inventory--reserve': 2,
  't1.retail.dlq.RETAIL_ORDERS.returns--link': 1,
  't1.retail.dlq.RETAIL_RETURNS.orders--refund': 1,
  't1.retail.dlq._replayed.1': 1,
  't1.retail.dlq._replayed.4': 1,
};

/** Server-side subjects_filter with one `*` in the last token, as nats-server applies it. */
function fakeNats() {
  const info = jest.fn(async (_stream: string, opts: { subjects_filter: string }) => {
    const prefix = opts.subjects_filter.slice(0, -1);
    const subjects = Object.fromEntries(
      Object.entries(STORED).filter(
        ([s]) => s.startsWith(prefix) && !s.slice(prefix.length).includes('.'),
      ),
    );
    return { state: { messages: 6, subjects } };
  });
  const nats = {
    namespace: 't1',
    streamName: (d: { name: string }) => `T1_${d.name}`,
    jsm: { streams: { info } },
  } as unknown as NatsClient;
  return { nats, info };
}

const opts = resolveOptions({ serviceName: 'svc', natsUrl: 'nats://x' }, ALL_STREAMS);

describe('DlqMetrics', () => {
  afterEach(() => jest.restoreAllMocks());

  it('counts dead letters per original stream and the replayed ones', async () => {
    const { nats, info } = fakeNats();
    const sut = new DlqMetrics(nats, opts);
    const depth = await sut.depth();
    expect(depth.byStream).toEqual({
      RETAIL_ORDERS: 3,
      RETAIL_INVENTORY: 0,
      RETAIL_RETURNS: 1,
      RETAIL_MASTERDATA: 0,
    });
    expect(depth.replayed).toBe(2);
    expect(info).toHaveBeenCalledWith('T1_RETAIL_DLQ', {
      subjects_filter: 't1.retail.dlq.RETAIL_ORDERS.*',
    });
  });

  it('reuses a count for 5 s, then counts again', async () => {
    const { nats, info } = fakeNats();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const sut = new DlqMetrics(nats, opts);
    await sut.depth();
    clock.mockReturnValue(1_004_999);
    await sut.depth();
    expect(info).toHaveBeenCalledTimes(4);
    clock.mockReturnValue(1_005_000);
    await sut.depth();
    expect(info).toHaveBeenCalledTimes(8);
  });

  it('does not cache a failed count', async () => {
    const { nats, info } = fakeNats();
    info.mockRejectedValueOnce(new Error('nats down'));
    const sut = new DlqMetrics(nats, opts);
    await expect(sut.depth()).rejects.toThrow('nats down');
    await expect(sut.depth()).resolves.toMatchObject({ replayed: 2 });
  });

  it('exposes retail_dlq_messages{stream} and retail_dlq_replayed_total on scrape', async () => {
    const sut = new DlqMetrics(fakeNats().nats, opts);
    sut.onModuleInit();
    const text = await register.metrics();
    expect(text).toContain('retail_dlq_messages{stream="RETAIL_ORDERS"} 3');
    expect(text).toContain('retail_dlq_messages{stream="RETAIL_RETURNS"} 1');
    expect(text).toContain('retail_dlq_replayed_total 2');
  });
});
