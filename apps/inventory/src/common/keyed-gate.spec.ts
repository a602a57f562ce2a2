import { KeyedGate } from './keyed-gate';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('KeyedGate', () => {
  it('runs one task per key at a time, in submission order', async () => {
    const sut = new KeyedGate(10);
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
    };
    await Promise.all([sut.run('a', task('1')), sut.run('a', task('2')), sut.run('a', task('3'))]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('never runs more than the limit at once, and survives failures', async () => {
    const sut = new KeyedGate(2);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
      throw new Error('boom');
    };
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => sut.run(i % 2 ? `k${i}` : undefined, task)),
    );
    expect(peak).toBe(2);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    await expect(sut.run('k1', async () => 'ok')).resolves.toBe('ok');
  });
});
