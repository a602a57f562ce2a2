import { GroupCommit } from './group-commit';

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('sends what is submitted in the same tick in one call, answering each item', async () => {
    const calls: number[][] = [];
    const sut = new GroupCommit<number, string>({
      maxBatch: 10,
      maxInFlight: 1,
      send: async (items) => {
        calls.push(items);
        return items.map((i) => (i === 2 ? new Error('refused 2') : `ok ${i}`));
      },
    });
    const answers = await Promise.allSettled([1, 2, 3].map((i) => sut.submit(i)));
    expect(calls).toEqual([[1, 2, 3]]);
    expect(answers.map((a) => (a.status === 'fulfilled' ? a.value : a.reason.message))).toEqual([
      'ok 1',
      'refused 2',
      'ok 3',
    ]);
  });

  it('caps a call at maxBatch and sends what waits while maxInFlight calls are out next', async () => {
    const calls: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sut = new GroupCommit<number, number>({
      maxBatch: 2,
      maxInFlight: 1,
      send: async (items) => {
        calls.push(items);
        if (calls.length === 1) await gate;
        return items;
      },
    });
    const first = sut.submit(1);
    await tick();
    const rest = [2, 3, 4, 5].map((i) => sut.submit(i));
    await tick();
    expect(calls).toEqual([[1]]);
    release();
    await expect(Promise.all([first, ...rest])).resolves.toEqual([1, 2, 3, 4, 5]);
    expect(calls).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('fails every item of a call that threw, and only those', async () => {
    let calls = 0;
    const sut = new GroupCommit<number, number>({
      maxBatch: 10,
      maxInFlight: 1,
      send: async (items) => {
        if (++calls === 1) throw new Error('connection reset');
        return items;
      },
    });
    const failed = [sut.submit(1), sut.submit(2)];
    await expect(Promise.all(failed)).rejects.toThrow('connection reset');
    await expect(failed[1]).rejects.toThrow('connection reset');
    await expect(sut.submit(3)).resolves.toBe(3);
  });
});

describe('GroupCommit isolate', () => {
  it('sends each item of a call refused as a whole again on its own: one bad item fails alone', async () => {
    const calls: string[][] = [];
    const sut = new GroupCommit<string, string>({
      maxBatch: 10,
      maxInFlight: 1,
      isolate: (err) => (err as Error).message === 'refused whole body',
      send: async (items) => {
        calls.push(items);
        if (items.includes('bad')) throw new Error('refused whole body');
        return items.map((i) => `ok ${i}`);
      },
    });
    const answers = await Promise.allSettled(['a', 'bad', 'b'].map((i) => sut.submit(i)));
    expect(answers.map((a) => (a.status === 'fulfilled' ? a.value : a.reason.message))).toEqual([
      'ok a',
      'refused whole body',
      'ok b',
    ]);
    expect(calls).toEqual([['a', 'bad', 'b'], ['a'], ['bad'], ['b']]);
  });
});
