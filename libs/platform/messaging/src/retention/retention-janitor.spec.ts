import { Logger } from '@nestjs/common';
import { ALL_STREAMS } from '@retail/contracts';
import type { DataSource } from 'typeorm';
import { resolveOptions } from '../options';
import { RetentionJanitor } from './retention-janitor';

/** A DataSource whose DELETEs report the next row counts of `affected[table]`. */
function fakeDataSource(affected: Record<'outbox' | 'inbox', number[]>) {
  const query = jest.fn(async (sql: string) => {
    const table = sql.startsWith('DELETE FROM outbox') ? 'outbox' : 'inbox';
    return [[], affected[table].shift() ?? 0];
  });
  return { ds: { query } as unknown as DataSource, query };
}

const options = (retention = {}) =>
  resolveOptions({ serviceName: 'svc', natsUrl: 'nats://x', retention }, ALL_STREAMS);

describe('RetentionJanitor', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('deletes in batches until a batch comes back short', async () => {
    const { ds, query } = fakeDataSource({ outbox: [3, 3, 1], inbox: [2] });
    const sut = new RetentionJanitor(ds, options({ batchSize: 3, outboxHours: 10 }));
    await expect(sut.purge()).resolves.toEqual({ outbox: 7, inbox: 2 });
    expect(query).toHaveBeenCalledTimes(4);
    expect(query).toHaveBeenNthCalledWith(
      1,
      expect.stringContaining('published_at IS NOT NULL'),
      [10, 3],
    );
    expect(query).toHaveBeenLastCalledWith(expect.stringContaining('FROM inbox'), [168, 3]);
  });

  it('uses the documented defaults: 72 h outbox, 168 h inbox, 5000 rows, hourly', () => {
    expect(options().retention).toEqual({
      enabled: true,
      outboxHours: 72,
      inboxHours: 168,
      intervalMs: 3_600_000,
      initialDelayMs: 60_000,
      batchSize: 5000,
    });
  });

  it('runs after the initial delay, then every interval, on an unref timer', async () => {
    jest.useFakeTimers();
    const { ds, query } = fakeDataSource({ outbox: [], inbox: [] });
    const sut = new RetentionJanitor(ds, options({ initialDelayMs: 1000, intervalMs: 5000 }));
    const timers = jest.spyOn(global, 'setTimeout');
    sut.start();
    expect((timers.mock.results[0].value as NodeJS.Timeout).hasRef()).toBe(false);
    await jest.advanceTimersByTimeAsync(999);
    expect(query).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(query).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(5000);
    expect(query).toHaveBeenCalledTimes(4);
    await sut.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(query).toHaveBeenCalledTimes(4);
  });

  it('stops between batches on shutdown', async () => {
    const { ds, query } = fakeDataSource({ outbox: [3, 3, 3, 3], inbox: [] });
    const sut = new RetentionJanitor(ds, options({ batchSize: 3 }));
    query.mockImplementationOnce(async () => {
      void sut.stop();
      return [[], 3];
    });
    await expect(sut.purge()).resolves.toEqual({ outbox: 3, inbox: 0 });
  });
});
