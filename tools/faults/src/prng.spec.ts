import { mulberry32, Rng } from './prng';

describe('mulberry32', () => {
  it('is deterministic per seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('gives different streams for different seeds', () => {
    const a = mulberry32(1);
    const b = mulberry32(2);
    expect([a(), a(), a()]).not.toEqual([b(), b(), b()]);
  });
});

describe('Rng', () => {
  it('draws integers inside the inclusive bounds and reaches both ends', () => {
    const sut = new Rng(7);
    const seen = new Set(Array.from({ length: 500 }, () => sut.int(1, 4)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4]);
  });

  it('shuffles into a permutation, reproducibly', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const first = new Rng(9).shuffle(items);
    expect(first).toEqual(new Rng(9).shuffle(items));
    expect([...first].sort((x, y) => x - y)).toEqual(items);
    expect(first).not.toEqual(items);
  });

  it('forks independent streams by label', () => {
    const sut = new Rng(5);
    expect(sut.fork('load').float()).toBe(new Rng(5).fork('load').float());
    expect(sut.fork('load').float()).not.toBe(sut.fork('faults').float());
  });

  it('refuses to pick from an empty list', () => {
    expect(() => new Rng(1).pick([])).toThrow(RangeError);
  });
});
