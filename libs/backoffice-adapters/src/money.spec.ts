import { decimalToMinor, minorToDecimal, minorToDecimalString } from './money';

describe('money conversion', () => {
  it.each([
    [1999, 'EUR', '19.99'],
    [5, 'USD', '0.05'],
    [-250, 'EUR', '-2.50'],
    [1500, 'JPY', '1500'],
    [12345, 'KWD', '12.345'],
  ])('formats %i %s as %s', (amount, currency, expected) => {
    expect(minorToDecimalString(amount, currency)).toBe(expected);
  });

  it('gives NetSuite a number equal to the decimal string', () => {
    expect(minorToDecimal(1999, 'EUR')).toBe(19.99);
  });

  it.each([
    ['19.99', 'EUR', 1999],
    [19.99, 'EUR', 1999],
    [10.1, 'EUR', 1010],
    ['0.10', 'USD', 10],
    [1500, 'JPY', 1500],
    ['-2.5', 'EUR', -250],
  ])('parses %p %s as %i minor units', (value, currency, expected) => {
    expect(decimalToMinor(value, currency)).toBe(expected);
  });

  it('refuses more decimals than the currency has and non-numbers', () => {
    expect(() => decimalToMinor('1.999', 'EUR')).toThrow(RangeError);
    expect(() => decimalToMinor('abc', 'EUR')).toThrow(RangeError);
    expect(() => minorToDecimalString(1.5, 'EUR')).toThrow(RangeError);
  });

  it('round-trips every amount up to 100.00 exactly', () => {
    for (let sut = 0; sut <= 10_000; sut++) {
      expect(decimalToMinor(minorToDecimal(sut, 'EUR'), 'EUR')).toBe(sut);
    }
  });
});
