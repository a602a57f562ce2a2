import fc from 'fast-check';
import {
  balanceDue,
  ExchangePricingError,
  lineTotal,
  priceReplacement,
  replacementTotal,
  ReturnedLineValue,
  settlement,
} from './exchange';
import { allocateLine, computeRefund } from './refund-calculator';

/** The exchange credit of returned lines: what the customer paid for them (no restocking fee). */
const creditOf = (lines: ReturnedLineValue[]) =>
  computeRefund(
    'EUR',
    lines.map((l) => ({ ...l, restockingFeePercent: 0 })),
  ).total;

/** Signed money the customer paid through the movements (charges minus refunds). */
const paidBy = (moves: Array<{ kind: 'charge' | 'refund'; amount: number }>) =>
  moves.reduce((s, m) => s + (m.kind === 'charge' ? m.amount : -m.amount), 0);

const settle = (replacement: number, credit: number) => {
  const move = settlement(balanceDue(replacement, credit));
  return move ? [move] : [];
};

/** An order line (unit price, quantity, discount <= merchandise, tax). */
const orderLine = fc
  .record({
    unitPrice: fc.integer({ min: 1, max: 500_000 }),
    quantity: fc.integer({ min: 1, max: 12 }),
    discountPercent: fc.integer({ min: 0, max: 100 }),
    taxPercent: fc.integer({ min: 0, max: 27 }),
  })
  .map(({ unitPrice, quantity, discountPercent, taxPercent }) => {
    const discount = Math.floor((unitPrice * quantity * discountPercent) / 100);
    const tax = Math.round(((unitPrice * quantity - discount) * taxPercent) / 100);
    return { lineId: 'L1', sku: 'SKU-A', unitPrice, quantity, discount, tax };
  });

type OrderLine = {
  lineId: string;
  sku: string;
  unitPrice: number;
  quantity: number;
  discount: number;
  tax: number;
};

/** The returned value of `q` units after `taken` earlier units (the ledger's proration). */
function returnedShare(line: OrderLine, taken: { q: number; d: number; t: number }, q: number) {
  const a = allocateLine(
    {
      orderedQuantity: line.quantity,
      discount: line.discount,
      tax: line.tax,
      allocatedQuantity: taken.q,
      allocatedDiscount: taken.d,
      allocatedTax: taken.t,
    },
    q,
  );
  return {
    lineId: line.lineId,
    sku: line.sku,
    quantity: q,
    unitPrice: line.unitPrice,
    discountShare: a.discountShare,
    taxShare: a.taxShare,
  };
}

/** Splits `n` units into parts (each >= 1). */
const partsOf = (n: number) =>
  fc.array(fc.integer({ min: 1, max: n }), { minLength: 1, maxLength: n }).map((cuts) => {
    const parts: number[] = [];
    let left = n;
    for (const c of cuts) {
      if (left === 0) break;
      const part = Math.min(c, left);
      parts.push(part);
      left -= part;
    }
    if (left > 0) parts.push(left);
    return parts;
  });

describe('exchange arithmetic (properties)', () => {
  it('the customer pays or receives exactly the difference, tax included, in one movement', () => {
    fc.assert(
      fc.property(
        orderLine,
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 1, max: 5 }),
        (line, price, tax, quantity) => {
          const returned = returnedShare(line, { q: 0, d: 0, t: 0 }, line.quantity);
          const lines = priceReplacement(
            [{ lineId: 'L1', sku: 'SKU-B', quantity, unitPrice: price, tax }],
            [returned],
          );
          const credit = creditOf([returned]);
          const moves = settle(replacementTotal(lines), credit);
          expect(paidBy(moves)).toBe(price * quantity + tax - credit);
          expect(moves.length).toBeLessThanOrEqual(1);
          for (const m of moves) expect(m.amount).toBeGreaterThan(0);
          if (price * quantity + tax > credit) expect(moves[0]?.kind).toBe('charge');
          if (price * quantity + tax < credit) expect(moves[0]?.kind).toBe('refund');
        },
      ),
    );
  });

  it('a like-for-like exchange at the paid price moves no money, whatever the discount and tax', () => {
    fc.assert(
      fc.property(orderLine, fc.nat(), (line, seed) => {
        const q = 1 + (seed % line.quantity);
        const returned = returnedShare(line, { q: 0, d: 0, t: 0 }, q);
        const lines = priceReplacement([{ lineId: 'L1', sku: line.sku, quantity: q }], [returned]);
        expect(replacementTotal(lines)).toBe(creditOf([returned]));
        expect(settle(replacementTotal(lines), creditOf([returned]))).toEqual([]);
      }),
    );
  });

  it('partial exchanges of one line add up to the replacements minus what the line cost', () => {
    fc.assert(
      fc.property(
        orderLine.chain((line) =>
          fc.tuple(
            fc.constant(line),
            partsOf(line.quantity).chain((parts) =>
              fc.tuple(
                fc.constant(parts),
                fc.array(
                  fc.record({
                    unitPrice: fc.integer({ min: 0, max: 600_000 }),
                    tax: fc.integer({ min: 0, max: 100_000 }),
                    quantity: fc.integer({ min: 1, max: 3 }),
                  }),
                  { minLength: parts.length, maxLength: parts.length },
                ),
              ),
            ),
          ),
        ),
        ([line, [parts, replacements]]) => {
          const taken = { q: 0, d: 0, t: 0 };
          let paid = 0;
          let replaced = 0;
          parts.forEach((q, i) => {
            const returned = returnedShare(line, taken, q);
            [taken.q, taken.d, taken.t] = [
              taken.q + q,
              taken.d + returned.discountShare,
              taken.t + returned.taxShare,
            ];
            const priced = priceReplacement(
              [{ lineId: 'L1', sku: 'SKU-B', ...replacements[i] }],
              [returned],
            );
            replaced += replacementTotal(priced);
            paid += paidBy(settle(replacementTotal(priced), creditOf([returned])));
          });
          expect(paid).toBe(replaced - lineTotal(line));
        },
      ),
    );
  });

  it('repeated exchanges (a replacement exchanged again) add up to the last item minus the first', () => {
    fc.assert(
      fc.property(
        orderLine,
        fc.array(
          fc.record({
            unitPrice: fc.option(fc.integer({ min: 0, max: 600_000 }), { nil: undefined }),
            tax: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (first, chain) => {
          let current: OrderLine = first;
          let paid = 0;
          chain.forEach((next, i) => {
            const returned = returnedShare(current, { q: 0, d: 0, t: 0 }, current.quantity);
            const sku = next.unitPrice === undefined ? current.sku : `SKU-${i}`;
            const [priced] = priceReplacement(
              [{ lineId: current.lineId, sku, quantity: current.quantity, ...next }],
              [returned],
            );
            paid += paidBy(settle(lineTotal(priced), creditOf([returned])));
            current = { ...priced, lineId: priced.lineId };
          });
          expect(paid).toBe(lineTotal(current) - lineTotal(first));
        },
      ),
    );
  });

  it('an advance charge, then the settlement after inspection, add up to the final difference', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (replacement, estimated, final) => {
          const advance = settlement(balanceDue(replacement, estimated));
          const earlier = advance?.kind === 'charge' ? [advance] : [];
          const settleMove = settlement(balanceDue(replacement, final, earlier));
          expect(paidBy([...earlier, ...(settleMove ? [settleMove] : [])])).toBe(
            replacement - final,
          );
        },
      ),
    );
  });

  it('a lapsed advance exchange charges the replacement minus what was already charged', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (replacement, estimated) => {
          const advance = settlement(balanceDue(replacement, estimated));
          const earlier = advance?.kind === 'charge' ? [advance] : [];
          const lapse = settlement(balanceDue(replacement, 0, earlier));
          expect(paidBy([...earlier, ...(lapse ? [lapse] : [])])).toBe(replacement);
        },
      ),
    );
  });
});

describe('priceReplacement', () => {
  const returned: ReturnedLineValue = {
    lineId: 'L1',
    sku: 'SHIRT-M',
    quantity: 1,
    unitPrice: 2000,
    discountShare: 0,
    taxShare: 380,
  };

  it('prices another size at the paid price and applies the line tax rate to a given price', () => {
    expect(priceReplacement([{ lineId: 'L1', sku: 'SHIRT-M', quantity: 1 }], [returned])).toEqual([
      {
        lineId: 'X1',
        sku: 'SHIRT-M',
        quantity: 1,
        unitPrice: 2000,
        discount: 0,
        tax: 380,
        replacesLineId: 'L1',
      },
    ]);
    const [upgrade] = priceReplacement(
      [{ lineId: 'L1', sku: 'SHIRT-PRO', quantity: 1, unitPrice: 3000 }],
      [returned],
    );
    expect(upgrade.tax).toBe(570);
  });

  it('refuses a line without a price that names no returned line, and a line not returned', () => {
    expect(() =>
      priceReplacement(
        [{ sku: 'SHIRT-PRO', quantity: 1 }],
        [returned, { ...returned, lineId: 'L2' }],
      ),
    ).toThrow(ExchangePricingError);
    expect(() =>
      priceReplacement([{ lineId: 'L9', sku: 'SHIRT-M', quantity: 1, unitPrice: 1 }], [returned]),
    ).toThrow(/not returned/);
  });
});
