import { KeyedBatcher } from './keyed-batcher';

describe('KeyedBatcher', () => {
  it('groups the items that queue behind a running batch of the same key', async () => {
    const batches: number[][] = [];
    const sut = new KeyedBatcher<number, number>(async (_key, items) => {
      batches.push(items);
      await new Promise((r) => setTimeout(r, 5));
      return items.map((i) => ({ ok: i * 10 }));
    });
    const results = await Promise.all([1, 2, 3, 4].map((i) => sut.submit('k', i)));
    expect(results).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('gives each item its own error, and reruns a failed batch item by item', async () => {
    const sut = new KeyedBatcher<number, number>(async (_key, items) => {
      if (items.length > 1) throw new Error('batch failed');
      if (items[0] === 3) return [{ error: new Error('bad item') }];
      return [{ ok: items[0] }];
    });
    const results = await Promise.allSettled([1, 2, 3].map((i) => sut.submit('k', i)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
  });
});
