/**
 * Exact money conversion: channel amounts (decimal strings or JSON numbers) to integer minor units
 * of an ISO 4217 currency. No floating-point arithmetic touches an amount: the decimal text is
 * split into digits and assembled with BigInt.
 */

/** ISO 4217 currencies whose minor unit is not 2 (everything else has 2 decimals). */
const EXPONENTS: Readonly<Record<string, number>> = {
  // 0 decimals
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  // 3 decimals
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  // 4 decimals
  CLF: 4, UYW: 4,
}; // prettier-ignore

const CURRENCY_PATTERN = /^[A-Z]{3}$/;
// Optional sign, digits, optional fraction. No grouping separators, no exponent, no bare '.5'.
const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** An amount that cannot be converted exactly (malformed, too precise, out of range). */
export class MoneyFormatError extends Error {}

/** Number of decimals of `currency` (ISO 4217 exponent); 2 unless listed otherwise. */
export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

/** Normalises a currency code to upper case and checks it looks like ISO 4217. */
export function normalizeCurrency(value: unknown): string {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!CURRENCY_PATTERN.test(code)) {
    throw new MoneyFormatError(`'${String(value)}' is not an ISO 4217 currency code`);
  }
  return code;
}

/**
 * Converts a decimal amount to signed integer minor units of `currency`, exactly.
 * `'19.99'` EUR -> 1999, `'19.990'` EUR -> 1999 (trailing zeros are fine), `'19.995'` EUR throws,
 * `'1,234.50'` throws (grouping separators are ambiguous between locales), `1500` JPY -> 1500.
 * JSON numbers are read through their shortest round-trip text (`16.49` -> '16.49').
 */
export function toMinorUnits(value: unknown, currency: string): number {
  const text = decimalText(value);
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) throw new MoneyFormatError(`'${text}' is not a plain decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  const exponent = currencyExponent(currency);
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > exponent) {
    throw new MoneyFormatError(`'${text}' has more decimals than ${currency} allows (${exponent})`);
  }
  const minor = BigInt(whole + significant.padEnd(exponent, '0'));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new MoneyFormatError(`'${text}' is too large`);
  }
  const amount = Number(minor);
  return sign === '-' && amount !== 0 ? -amount : amount;
}

/**
 * Like {@link toMinorUnits}, but an amount more precise than the currency (a tax-inclusive
 * store's ex-tax price '236.9667' USD) is rounded up to the next minor unit instead of refused.
 * Only for prices that are derived again from exact figures (never for totals).
 */
export function toMinorUnitsRoundedUp(value: unknown, currency: string): number {
  const text = decimalText(value);
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) throw new MoneyFormatError(`'${text}' is not a plain decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  if (sign === '-') throw new MoneyFormatError(`'${text}' must not be negative`);
  const exponent = currencyExponent(currency);
  const kept = BigInt(whole + fraction.slice(0, exponent).padEnd(exponent, '0'));
  const minor = /[1-9]/.test(fraction.slice(exponent)) ? kept + 1n : kept;
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new MoneyFormatError(`'${text}' is too large`);
  }
  return Number(minor);
}

/** Formats minor units back to a decimal string, for human-readable notes (`1999` -> '19.99'). */
export function formatMinor(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const digits = Math.abs(amount)
    .toString()
    .padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : '';
  return `${amount < 0 ? '-' : ''}${whole}${fraction}`;
}

function decimalText(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new MoneyFormatError(`${value} is not a finite amount`);
    return String(value);
  }
  throw new MoneyFormatError(`${value === undefined ? 'missing' : typeof value} is not an amount`);
}
