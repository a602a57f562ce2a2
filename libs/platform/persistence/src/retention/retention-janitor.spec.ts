import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { RetentionJanitor, type RetentionRule } from './retention-janitor';

/** A DataSource whose DELETEs on table `t` report the next row counts of `affected[t]`. */
function fakeDataSource(affected: Record<string, number[] | Error>) {
  const query = jest.fn(async (sql: string) => {
    const table = /DELETE FROM (\w+)/.exec(sql)?.[1] ?? '';
    const next = affected[table];
    if (next instanceof Error) throw next;
    return [[], next?.shift() ?? 0];
  });
  return { ds: { query } as unknown as DataSource, query };
}

const rule = (table: string, hours = 10): RetentionRule => ({
  table,
  sql: `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE old LIMIT $2)`,
  hours,
});

const schedule = (s = {}) => ({ batchSize: 3, intervalMs: 5000, initialDelayMs: 1000, ...s });

describe('RetentionJanitor', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('purges every registered table in batches until a batch comes back short', async () => {
    const { ds, query } = fakeDataSource({ a: [3, 3, 1], b: [2] });
    const sut = new RetentionJanitor(ds, schedule()).register(rule('a', 10), rule('b', 168));
    await expect(sut.purge()).resolves.toEqual({ a: 7, b: 2 });
    expect(query).toHaveBeenCalledTimes(4);
    expect(query).toHaveBeenNthCalledWith(1, expect.stringContaining('FROM a'), [10, 3]);
    expect(query).toHaveBeenLastCalledWith(expect.stringContaining('FROM b'), [168, 3]);
  });

  it('keeps one rule per table: registering a table again replaces its rule', async () => {
    const { ds, query } = fakeDataSource({ a: [0] });
    const sut = new RetentionJanitor(ds, schedule()).register(rule('a', 10), rule('a', 20));
    expect(sut.tables()).toEqual(['a']);
    await sut.purge();
    expect(query).toHaveBeenCalledWith(expect.any(String), [20, 3]);
  });

  it('still purges the other tables when one fails', async () => {
    const { ds } = fakeDataSource({ a: new Error('relation "a" does not exist'), b: [1] });
    const sut = new RetentionJanitor(ds, schedule()).register(rule('a'), rule('b'));
    await expect(sut.purge()).resolves.toEqual({ a: 0, b: 1 });
  });

  it('uses the documented defaults: 5000 rows a statement, first after 60 s, then hourly', async () => {
    jest.useFakeTimers();
    const { ds, query } = fakeDataSource({ a: [] });
    const sut = new RetentionJanitor(ds).register(rule('a'));
    sut.start();
    await jest.advanceTimersByTimeAsync(59_999);
    expect(query).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(query).toHaveBeenCalledWith(expect.any(String), [10, 5000]);
    await jest.advanceTimersByTimeAsync(3_600_000);
    expect(query).toHaveBeenCalledTimes(2);
    await sut.stop();
  });

  it('runs after the initial delay, then every interval, on an unref timer, and not after stop', async () => {
    jest.useFakeTimers();
    const { ds, query } = fakeDataSource({ a: [], b: [] });
    const sut = new RetentionJanitor(ds, schedule()).register(rule('a'), rule('b'));
    const timers = jest.spyOn(global, 'setTimeout');
    sut.onApplicationBootstrap();
    expect((timers.mock.results[0].value as NodeJS.Timeout).hasRef()).toBe(false);
    await jest.advanceTimersByTimeAsync(999);
    expect(query).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(query).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(5000);
    expect(query).toHaveBeenCalledTimes(4);
    await sut.beforeApplicationShutdown();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(query).toHaveBeenCalledTimes(4);
  });

  it('stops between batches on shutdown and leaves the remaining tables for the next start', async () => {
    const { ds, query } = fakeDataSource({ a: [3, 3, 3, 3], b: [1] });
    const sut = new RetentionJanitor(ds, schedule()).register(rule('a'), rule('b'));
    query.mockImplementationOnce(async () => {
      void sut.stop();
      return [[], 3];
    });
    await expect(sut.purge()).resolves.toEqual({ a: 3 });
    expect(query).toHaveBeenCalledTimes(1);
  });
});
