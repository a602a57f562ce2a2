/** ISO 4217 currencies whose minor unit is not 2 digits (the rest use 2). */
const EXPONENTS: Record<string, number> = {
  BHD: 3,
  BIF: 0,
  CLF: 4,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  PYG: 0,
  RWF: 0,
  TND: 3,
  UGX: 0,
  UYI: 0,
  UYW: 4,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
};

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/**
 * Largest amount, in minor units, an ERP document line can carry exactly: the ERP APIs take
 * JSON numbers (doubles), and every decimal of at most 15 significant digits survives the round
 * trip through a double. Above it the mapping refuses the document (a permanent mapping error,
 * never a retry); order intake refuses such orders first.
 */
export const MAX_ERP_MINOR_AMOUNT = 999_999_999_999_999;

/** 1999 EUR -> "19.99". Built from digits, never through floating point arithmetic. */
export function minorToDecimalString(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount ${amount} is not an integer`);
  const exponent = currencyExponent(currency);
  const digits = Math.abs(amount)
    .toString()
    .padStart(exponent + 1, '0');
  const sign = amount < 0 ? '-' : '';
  if (exponent === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** NetSuite takes JSON numbers; the decimal string parses to the nearest double exactly once. */
export function minorToDecimal(amount: number, currency: string): number {
  return Number(minorToDecimalString(amount, currency));
}

/** "19.99" or 19.99 EUR -> 1999; refuses more fraction digits than the currency has. */
export function decimalToMinor(value: number | string, currency: string): number {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  const exponent = currencyExponent(currency);
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > exponent) {
    throw new RangeError(`"${text}" has more than ${exponent} decimals for ${currency}`);
  }
  const minor = Number(`${whole}${trimmed.padEnd(exponent, '0')}`);
  return sign === '-' ? -minor : minor;
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite amount`);
  // Shortest round-trip representation; toFixed would invent digits for large exponents.
  const text = String(value);
  return text.includes('e') ? value.toFixed(20).replace(/\.?0+$/, '') : text;
}
