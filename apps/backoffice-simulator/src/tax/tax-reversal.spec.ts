import { SimulatorHttpError } from '../common/simulator-http.error';
import { reverseTax } from './tax-reversal';

describe('reverseTax', () => {
  it('prorates per line with half-up rounding and sums the total', () => {
    const sut = reverseTax([
      { lineId: 'a', quantity: 1, originalQuantity: 3, originalTax: 100 },
      { lineId: 'b', quantity: 1, originalQuantity: 2, originalTax: 5 },
      { lineId: 'c', quantity: 2, originalQuantity: 2, originalTax: 761 },
    ]);

    expect(sut.lines.map((l) => l.taxAmount)).toEqual([33, 3, 761]);
    expect(sut.totalTax).toBe(797);
  });

  it('gives back exactly the tax charged when everything is returned in parts', () => {
    for (let sut = 1; sut <= 50; sut++) {
      const whole = reverseTax([
        { lineId: 'x', quantity: sut, originalQuantity: sut, originalTax: 1234 },
      ]);
      expect(whole.totalTax).toBe(1234);
    }
  });

  it('refuses more than was bought', () => {
    expect(() =>
      reverseTax([{ lineId: 'a', quantity: 3, originalQuantity: 2, originalTax: 1 }]),
    ).toThrow(SimulatorHttpError);
  });
});
