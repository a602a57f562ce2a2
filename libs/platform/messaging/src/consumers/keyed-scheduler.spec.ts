import { KeyedScheduler } from './keyed-scheduler';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeyedScheduler', () => {
  it('keeps the order of one key while other keys run in parallel', async () => {
    const sut = new KeyedScheduler(4, 100);
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const task = (key: string, i: number) => async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await tick(5 - i);
      log.push(`${key}${i}`);
      running--;
    };
    for (let i = 0; i < 4; i++) {
      for (const key of ['a', 'b', 'c']) await sut.submit(key, task(key, i));
    }
    await sut.idle();
    for (const key of ['a', 'b', 'c']) {
      expect(log.filter((e) => e.startsWith(key))).toEqual([0, 1, 2, 3].map((i) => `${key}${i}`));
    }
    expect(maxRunning).toBeGreaterThan(1);
  });

  it('runs strictly one at a time with a single lane', async () => {
    const sut = new KeyedScheduler(1);
    let running = 0;
    let maxRunning = 0;
    for (let i = 0; i < 5; i++) {
      await sut.submit(`k${i}`, async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await tick(1);
        running--;
      });
    }
    await sut.idle();
    expect(maxRunning).toBe(1);
  });

  it('applies back-pressure at the limit', async () => {
    const sut = new KeyedScheduler(1, 2);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await sut.submit('a', () => gate);
    await sut.submit('a', async () => undefined);
    let third = false;
    const pending = sut.submit('a', async () => undefined).then(() => (third = true));
    await tick(5);
    expect(third).toBe(false);
    release();
    await pending;
    expect(third).toBe(true);
  });
});
