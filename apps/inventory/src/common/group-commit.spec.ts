import { RequestCombiner } from './group-commit';

describe('RequestCombiner', () => {
  it('runs the requests that queue behind a running one together, each answered with its slice', async () => {
    const runs: number[][] = [];
    const sut = new RequestCombiner<number, number>(async (items) => {
      runs.push(items);
      await new Promise((r) => setTimeout(r, 5));
      return items.map((i) => i * 10);
    }, 100);
    const answers = await Promise.all([[1], [2, 3], [4], [5, 6, 7]].map((r) => sut.submit(r)));
    expect(answers).toEqual([[10], [20, 30], [40], [50, 60, 70]]);
    expect(runs).toEqual([[1], [2, 3, 4, 5, 6, 7]]);
  });

  it('never splits a request and keeps a group within the limit', async () => {
    const runs: number[][] = [];
    const sut = new RequestCombiner<number, number>(async (items) => {
      runs.push(items);
      await new Promise((r) => setTimeout(r, 5));
      return items;
    }, 3);
    await Promise.all([[1], [2, 3], [4, 5], [6, 7, 8, 9]].map((r) => sut.submit(r)));
    expect(runs).toEqual([[1], [2, 3], [4, 5], [6, 7, 8, 9]]);
  });

  it('replays a failed group one request at a time, so one bad request fails alone', async () => {
    const sut = new RequestCombiner<number, number>(async (items) => {
      await new Promise((r) => setTimeout(r, 1));
      if (items.includes(3)) throw new Error('bad request');
      return items;
    }, 100);
    const outcomes = await Promise.allSettled([[1], [2], [3], [4]].map((r) => sut.submit(r)));
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(outcomes[3]).toEqual({ status: 'fulfilled', value: [4] });
  });
});
