/**
 * Exact integer money arithmetic (minor units). BigInt inside, so products of large amounts and
 * quantities never lose precision; results are checked back into safe integers.
 */
function toSafe(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount ${value} exceeds safe integer range`);
  return n;
}

/** round(numerator / denominator), halves away from zero (inputs are non-negative). */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/**
 * The share of `q` units in what is left of a line amount: `remainingAmount` spread over
 * `remainingUnits`, rounded half up. Applied return after return, every unit carries either
 * floor(total/units) or ceil(total/units) and exactly `total mod units` units carry the extra
 * minor unit: a largest-remainder apportionment, so returning every unit in any number of
 * partial returns gives back exactly the line total.
 */
export function prorate(remainingAmount: number, remainingUnits: number, q: number): number {
  if (!Number.isSafeInteger(remainingAmount) || remainingAmount < 0)
    throw new RangeError(`remaining amount ${remainingAmount} must be a non-negative integer`);
  if (!Number.isInteger(q) || q < 0 || q > remainingUnits)
    throw new RangeError(`quantity ${q} must be between 0 and ${remainingUnits}`);
  if (q === 0) return 0;
  if (q === remainingUnits) return remainingAmount;
  return toSafe(divideHalfUp(BigInt(remainingAmount) * BigInt(q), BigInt(remainingUnits)));
}

/**
 * `percent` % of `amount`, half up. Percentages carry at most two decimals (master data), so
 * they are turned into basis points first and no floating point touches the amount.
 */
export function percentOf(amount: number, percent: number): number {
  if (percent < 0 || percent > 100) throw new RangeError(`percent ${percent} outside 0..100`);
  const basisPoints = Math.round(percent * 100);
  return toSafe(divideHalfUp(BigInt(amount) * BigInt(basisPoints), 10_000n));
}

/** unitPrice x quantity, checked. */
export function times(unitPrice: number, quantity: number): number {
  return toSafe(BigInt(unitPrice) * BigInt(quantity));
}
