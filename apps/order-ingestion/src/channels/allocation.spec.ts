import fc from 'fast-check';
import { allocateProportionally, splitTotalOverUnits } from './allocation';

describe('allocateProportionally', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [100, [3998, 1250, 999], [64, 20, 16]],
    [1000, [3998, 1250, 999], [640, 200, 160]],
    [1, [1, 1], [1, 0]],
    [0, [5, 7], [0, 0]],
    [10, [0, 0], [5, 5]],
    [7, [0, 3], [0, 7]],
    [500, [4998], [500]],
  ])('spreads %d over %j as %j', (total, weights, expected) => {
    expect(allocateProportionally(total, weights)).toEqual(expected);
  });

  it('returns nothing for no weights', () => {
    expect(allocateProportionally(0, [])).toEqual([]);
  });

  it('refuses negative or fractional input', () => {
    expect(() => allocateProportionally(-1, [1])).toThrow(RangeError);
    expect(() => allocateProportionally(1.5, [1])).toThrow(RangeError);
    expect(() => allocateProportionally(10, [1, -1])).toThrow(RangeError);
  });

  it('always sums to the total, each part within one unit of its exact share (property)', () => {
    const weights = fc.array(fc.integer({ min: 0, max: 1_000_000 }), {
      minLength: 1,
      maxLength: 30,
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), weights, (total, ws) => {
        const parts = allocateProportionally(total, ws);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        const sum = ws.reduce((a, b) => a + b, 0);
        parts.forEach((part, i) => {
          const exact = sum === 0 ? total / ws.length : (total * ws[i]) / sum;
          expect(Math.abs(part - exact)).toBeLessThan(1 + 1e-9);
        });
      }),
    );
  });
});

describe('splitTotalOverUnits', () => {
  it.each([
    [3000, 3, [{ quantity: 3, unit: 1000 }]],
    [
      2999,
      3,
      [
        { quantity: 2, unit: 1000 },
        { quantity: 1, unit: 999 },
      ],
    ],
    [
      1000,
      3,
      [
        { quantity: 1, unit: 334 },
        { quantity: 2, unit: 333 },
      ],
    ],
    [
      1,
      2,
      [
        { quantity: 1, unit: 1 },
        { quantity: 1, unit: 0 },
      ],
    ],
    [0, 4, [{ quantity: 4, unit: 0 }]],
  ])('splits %d over %d units as %j', (total, quantity, expected) => {
    expect(splitTotalOverUnits(total, quantity)).toEqual(expected);
  });

  it('keeps quantity and total exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 10_000 }),
        (total, qty) => {
          const parts = splitTotalOverUnits(total, qty);
          expect(parts.reduce((a, p) => a + p.quantity, 0)).toBe(qty);
          expect(parts.reduce((a, p) => a + p.quantity * p.unit, 0)).toBe(total);
          expect(parts.length).toBeLessThanOrEqual(2);
        },
      ),
    );
  });

  it('refuses a zero quantity', () => {
    expect(() => splitTotalOverUnits(100, 0)).toThrow(RangeError);
  });
});
