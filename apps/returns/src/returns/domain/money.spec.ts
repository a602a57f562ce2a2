import fc from 'fast-check';
import { percentOf, prorate, times } from './money';

describe('prorate', () => {
  it.each([
    [100, 3, 1, 33],
    [67, 2, 1, 34],
    [33, 1, 1, 33],
    [5, 4, 1, 1],
    [5, 4, 2, 3],
    [0, 7, 3, 0],
    [1000, 4, 4, 1000],
    [999, 10, 0, 0],
  ])('share of %i over %i units for %i units is %i', (amount, units, q, expected) => {
    expect(prorate(amount, units, q)).toBe(expected);
  });

  it('refuses more units than remain and negative amounts', () => {
    expect(() => prorate(100, 2, 3)).toThrow(RangeError);
    expect(() => prorate(-1, 2, 1)).toThrow(RangeError);
    expect(() => prorate(10.5, 2, 1)).toThrow(RangeError);
  });

  it('stays exact for amounts whose products exceed 2^53', () => {
    expect(prorate(9_007_199_254_740, 3, 1)).toBe(3_002_399_751_580);
  });

  it('gives back exactly the total, with every unit at floor or ceil, over any partial returns', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 12 }),
        (total, parts) => {
          const units = parts.reduce((a, b) => a + b, 0);
          let remaining = total;
          let left = units;
          for (const q of parts) {
            const share = prorate(remaining, left, q);
            expect(share).toBeGreaterThanOrEqual(Math.floor(total / units) * q);
            expect(share).toBeLessThanOrEqual(Math.ceil(total / units) * q);
            remaining -= share;
            left -= q;
          }
          expect(remaining).toBe(0);
        },
      ),
    );
  });
});

describe('percentOf', () => {
  it.each([
    [1000, 15, 150],
    [3333, 10, 333],
    [3335, 10, 334],
    [1999, 12.5, 250],
    [1999, 0, 0],
    [1999, 100, 1999],
    [101, 0.01, 0],
  ])('%i x %f %% = %i', (amount, percent, expected) => {
    expect(percentOf(amount, percent)).toBe(expected);
  });

  it('refuses percentages outside 0..100', () => {
    expect(() => percentOf(100, 101)).toThrow(RangeError);
  });
});

describe('times', () => {
  it('multiplies exactly and refuses unsafe results', () => {
    expect(times(1999, 3)).toBe(5997);
    expect(() => times(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
  });
});
