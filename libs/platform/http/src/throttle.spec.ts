import { FixedWindowThrottlerStorage } from './throttle';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('FixedWindowThrottlerStorage', () => {
  it('counts each key on its own and refuses it above the limit until its block ends', async () => {
    const sut = new FixedWindowThrottlerStorage();
    const hit = (key: string) => sut.increment(key, 60_000, 3, 60_000, 'default');
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await hit('key:a'));
    expect(answers.map((a) => [a.totalHits, a.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
      [5, true],
    ]);
    expect(answers[0].timeToExpire).toBeGreaterThanOrEqual(59);
    expect(answers[3].timeToBlockExpire).toBeGreaterThanOrEqual(59);
    expect(await hit('key:b')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('opens a new window once the last one has passed', async () => {
    const sut = new FixedWindowThrottlerStorage();
    const hit = () => sut.increment('key:a', 1000, 2, 1000, 'default');
    await hit();
    await hit();
    expect((await hit()).isBlocked).toBe(true);
    await sleep(2100); // the window and the block after it
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('keeps the throttlers of one key apart', async () => {
    const sut = new FixedWindowThrottlerStorage();
    await sut.increment('key:a', 60_000, 1, 60_000, 'short');
    expect((await sut.increment('key:a', 60_000, 1, 60_000, 'short')).isBlocked).toBe(true);
    expect((await sut.increment('key:a', 3_600_000, 1, 60_000, 'long')).isBlocked).toBe(false);
  });
});
