/**
 * Integer allocation of an amount over weights (largest-remainder method). The parts always sum
 * to the total exactly: each part gets floor(total * weight / sum), and the minor units left over
 * go one by one to the parts with the largest remainders (ties: the earlier part), so the result
 * is deterministic and never off by a cent.
 */
export function allocateProportionally(total: number, weights: readonly number[]): number[] {
  assertAllocatable(total, weights);
  if (weights.length === 0) return [];
  const sum = weights.reduce((acc, w) => acc + BigInt(w), 0n);
  // No weight at all (e.g. every line free): spread evenly rather than dropping the amount.
  const effective = sum === 0n ? weights.map(() => 1) : weights;
  const divisor = sum === 0n ? BigInt(weights.length) : sum;
  const exact = effective.map((w) => BigInt(total) * BigInt(w));
  const parts = exact.map((e) => e / divisor);
  let left = BigInt(total) - parts.reduce((acc, p) => acc + p, 0n);
  const byRemainder = exact
    .map((e, index) => ({ index, remainder: e % divisor }))
    .sort((a, b) =>
      a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
    );
  for (const { index } of byRemainder) {
    if (left === 0n) break;
    parts[index] += 1n;
    left -= 1n;
  }
  return parts.map(Number);
}

/**
 * Splits a line total over `quantity` units into at most two price points: `[{ quantity, unit }]`
 * with the dearer units first (`1000` over 3 -> 1 x 334 + 2 x 333). One entry when it divides.
 */
export function splitTotalOverUnits(
  total: number,
  quantity: number,
): Array<{ quantity: number; unit: number }> {
  assertAllocatable(total, [quantity]);
  if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError('quantity must be >= 1');
  const unit = Math.floor(total / quantity);
  const dearer = total - unit * quantity;
  if (dearer === 0) return [{ quantity, unit }];
  return [
    { quantity: dearer, unit: unit + 1 },
    { quantity: quantity - dearer, unit },
  ];
}

function assertAllocatable(total: number, weights: readonly number[]): void {
  if (!Number.isSafeInteger(total) || total < 0) {
    throw new RangeError(`total must be a non-negative integer, got ${total}`);
  }
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new RangeError('weights must be non-negative integers');
  }
}
