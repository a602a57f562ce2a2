import fc from 'fast-check';
import {
  currencyExponent,
  formatMinor,
  MoneyFormatError,
  toMinorUnitsRoundedUp,
  normalizeCurrency,
  toMinorUnits,
} from './money';

describe('toMinorUnits', () => {
  it.each([
    ['19.99', 'EUR', 1999],
    ['19.9', 'EUR', 1990],
    ['19', 'EUR', 1900],
    ['0.01', 'USD', 1],
    ['0', 'USD', 0],
    ['-0.00', 'USD', 0],
    ['19.990', 'EUR', 1999],
    ['225.0000', 'USD', 22500],
    [' 7.50 ', 'USD', 750],
    ['+3.10', 'USD', 310],
    ['-1.00', 'USD', -100],
    ['-0.05', 'EUR', -5],
    ['1500', 'JPY', 1500],
    ['1500.000', 'JPY', 1500],
    ['1.234', 'KWD', 1234],
    ['0.5', 'BHD', 500],
    ['12.3456', 'CLF', 123456],
    ['90071992547409.91', 'USD', 9007199254740991],
  ])('%j %s -> %d', (value, currency, expected) => {
    expect(toMinorUnits(value, currency)).toBe(expected);
  });

  it.each([
    [16.49, 'USD', 1649],
    [17.7, 'USD', 1770],
    [0.1, 'USD', 10],
    [29.9, 'EUR', 2990],
    [1500, 'JPY', 1500],
    [-6.3, 'USD', -630],
  ])('reads the JSON number %d exactly (%s)', (value, currency, expected) => {
    expect(toMinorUnits(value, currency)).toBe(expected);
  });

  it('adds 0.1 and 0.2 exactly, where floating point does not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(toMinorUnits('0.1', 'USD') + toMinorUnits('0.2', 'USD')).toBe(
      toMinorUnits('0.3', 'USD'),
    );
    expect(toMinorUnits(0.1, 'USD') + toMinorUnits(0.2, 'USD')).toBe(30);
  });

  it('never drifts on amounts that float multiplication gets wrong', () => {
    expect(Math.round(1.005 * 100)).toBe(100); // the classic bug: 1.005 * 100 = 100.49999...
    expect(toMinorUnits('1.005', 'KWD')).toBe(1005);
    expect(toMinorUnits('4.35', 'USD')).toBe(435); // 4.35 * 100 = 434.99999...
  });

  it.each([
    ['19.995', 'EUR', "'19.995' has more decimals than EUR allows (2)"],
    ['1500.5', 'JPY', "'1500.5' has more decimals than JPY allows (0)"],
    ['1.2345', 'KWD', "'1.2345' has more decimals than KWD allows (3)"],
    ['1,234.50', 'USD', "'1,234.50' is not a plain decimal amount"],
    ['1.234,50', 'EUR', "'1.234,50' is not a plain decimal amount"],
    ['19,99', 'EUR', "'19,99' is not a plain decimal amount"],
    ['.5', 'USD', "'.5' is not a plain decimal amount"],
    ['5.', 'USD', "'5.' is not a plain decimal amount"],
    ['1e3', 'USD', "'1e3' is not a plain decimal amount"],
    ['$5.00', 'USD', "'$5.00' is not a plain decimal amount"],
    ['', 'USD', "'' is not a plain decimal amount"],
    ['NaN', 'USD', "'NaN' is not a plain decimal amount"],
    ['90071992547409.92', 'USD', "'90071992547409.92' is too large"],
  ])('rejects %j (%s)', (value, currency, message) => {
    expect(() => toMinorUnits(value, currency)).toThrow(new MoneyFormatError(message));
  });

  it.each([
    [1e-7, "'1e-7' is not a plain decimal amount"],
    [1e21, "'1e+21' is not a plain decimal amount"],
    [Number.NaN, 'NaN is not a finite amount'],
    [Infinity, 'Infinity is not a finite amount'],
    [undefined, 'missing is not an amount'],
    [null, 'object is not an amount'],
    [true, 'boolean is not an amount'],
  ])('rejects the value %p', (value, message) => {
    expect(() => toMinorUnits(value, 'USD')).toThrow(new MoneyFormatError(message));
  });

  it('round-trips every 2-decimal amount through formatMinor (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (minor) => {
        expect(toMinorUnits(formatMinor(minor, 'EUR'), 'EUR')).toBe(minor);
      }),
    );
  });

  it('sums decimal strings exactly, matching integer arithmetic on the digits (property)', () => {
    const amount = fc.tuple(fc.nat(1_000_000), fc.nat(99));
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 50 }), (parts) => {
        const texts = parts.map(([w, f]) => `${w}.${String(f).padStart(2, '0')}`);
        const sum = texts.reduce((acc, t) => acc + toMinorUnits(t, 'USD'), 0);
        expect(sum).toBe(parts.reduce((acc, [w, f]) => acc + w * 100 + f, 0));
      }),
    );
  });
});

describe('currencyExponent / normalizeCurrency / formatMinor', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['CLF', 4],
    ['XYZ', 2],
  ])('%s has %d decimals', (currency, exponent) => {
    expect(currencyExponent(currency)).toBe(exponent);
  });

  it('upper-cases currency codes and refuses non-codes', () => {
    expect(normalizeCurrency(' usd ')).toBe('USD');
    expect(() => normalizeCurrency('EURO')).toThrow(MoneyFormatError);
    expect(() => normalizeCurrency(undefined)).toThrow(
      "'undefined' is not an ISO 4217 currency code",
    );
  });

  it.each([
    [1999, 'EUR', '19.99'],
    [5, 'EUR', '0.05'],
    [-100, 'USD', '-1.00'],
    [1500, 'JPY', '1500'],
    [1234, 'KWD', '1.234'],
  ])('formats %d %s as %s', (minor, currency, text) => {
    expect(formatMinor(minor, currency)).toBe(text);
  });
});

describe('toMinorUnitsRoundedUp', () => {
  it.each([
    ['236.9667', 'USD', 23697],
    ['236.9600', 'USD', 23696],
    ['236.96', 'USD', 23696],
    ['0.001', 'USD', 1],
    ['1500.4', 'JPY', 1501],
    ['1.2341', 'KWD', 1235],
  ])('%s %s -> %i', (value, currency, expected) => {
    expect(toMinorUnitsRoundedUp(value, currency)).toBe(expected);
  });

  it('refuses negatives and malformed amounts', () => {
    expect(() => toMinorUnitsRoundedUp('-1.005', 'USD')).toThrow(MoneyFormatError);
    expect(() => toMinorUnitsRoundedUp('1,5', 'USD')).toThrow(MoneyFormatError);
  });
});
