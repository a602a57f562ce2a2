import fc from 'fast-check';
import {
  allocateLine,
  compareTax,
  computeRefund,
  describeMismatches,
  LinePool,
  refundLine,
  RefundLineInput,
} from './refund-calculator';

const pool = (over: Partial<LinePool> = {}): LinePool => ({
  orderedQuantity: 3,
  discount: 600,
  tax: 1026,
  allocatedQuantity: 0,
  allocatedDiscount: 0,
  allocatedTax: 0,
  ...over,
});

const input = (over: Partial<RefundLineInput> = {}): RefundLineInput => ({
  lineId: 'L1',
  sku: 'SKU-1',
  quantity: 1,
  unitPrice: 1999,
  discountShare: 200,
  taxShare: 342,
  restockingFeePercent: 15,
  ...over,
});

describe('allocateLine', () => {
  it('prorates discount and tax of the first partial return', () => {
    const sut = allocateLine(pool(), 1);
    expect(sut).toEqual({ discountShare: 200, taxShare: 342, poolQuantity: 3, poolTax: 1026 });
  });

  it('takes what earlier returns left', () => {
    const sut = allocateLine(
      pool({
        discount: 100,
        tax: 100,
        allocatedQuantity: 1,
        allocatedDiscount: 33,
        allocatedTax: 33,
      }),
      1,
    );
    expect(sut).toEqual({ discountShare: 34, taxShare: 34, poolQuantity: 2, poolTax: 67 });
  });

  it('refuses more units than the pool holds', () => {
    expect(() => allocateLine(pool({ allocatedQuantity: 2 }), 2)).toThrow(RangeError);
  });
});

describe('refundLine', () => {
  it('refunds a discounted, taxed unit minus a 15 % restocking fee, to the minor unit', () => {
    // 1999 - 200 discount = 1799; fee 15 % of 1799 = 269.85 -> 270; 1799 + 342 - 270 = 1871.
    expect(refundLine(input())).toEqual({
      lineId: 'L1',
      sku: 'SKU-1',
      quantity: 1,
      merchandise: 1799,
      discount: 200,
      tax: 342,
      restockingFee: 270,
      total: 1871,
    });
  });

  it.each(['new', 'opened', 'damaged'] as const)('keeps the fee for %s units', (condition) => {
    expect(refundLine(input({ condition })).restockingFee).toBe(270);
  });

  it('waives the fee and refunds shipping for defective units', () => {
    const sut = refundLine(input({ condition: 'defective', shipping: 499 }));
    expect(sut).toMatchObject({ restockingFee: 0, shipping: 499, total: 1799 + 342 + 499 });
  });

  it('refunds no shipping for units that are not defective', () => {
    const sut = refundLine(input({ condition: 'opened', shipping: 499 }));
    expect(sut.shipping).toBeUndefined();
    expect(sut.total).toBe(1871);
  });

  it('charges no fee when the product has none', () => {
    expect(refundLine(input({ restockingFeePercent: 0 })).total).toBe(1799 + 342);
  });

  it('refuses a discount larger than the price', () => {
    expect(() => refundLine(input({ discountShare: 5000 }))).toThrow(RangeError);
  });
});

describe('computeRefund', () => {
  it('sums lines and itemises the prorated tax when no quote is given', () => {
    const sut = computeRefund('EUR', [
      input(),
      input({ lineId: 'L2', condition: 'defective', shipping: 100 }),
    ]);
    expect(sut).toMatchObject({
      currency: 'EUR',
      merchandiseTotal: 3598,
      taxTotal: 684,
      restockingFeeTotal: 270,
      shippingTotal: 100,
      total: 1871 + 1799 + 342 + 100,
    });
    expect(sut.taxReversal).toEqual([
      { lineId: 'L1', jurisdiction: 'line', amount: 342 },
      { lineId: 'L2', jurisdiction: 'line', amount: 342 },
    ]);
  });

  it('keeps a given itemised tax reversal', () => {
    const reversal = [{ lineId: 'L1', jurisdiction: 'q-1', amount: 342 }];
    expect(computeRefund('EUR', [input()], reversal).taxReversal).toBe(reversal);
  });

  it('returns exactly what was paid when every unit comes back in partial returns', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (unitPrice, parts, discountPercent, tax) => {
          const quantity = parts.reduce((a, b) => a + b, 0);
          const discount = Math.floor((unitPrice * quantity * discountPercent) / 100);
          let p = pool({ orderedQuantity: quantity, discount, tax });
          let refunded = 0;
          for (const q of parts) {
            const a = allocateLine(p, q);
            const refund = computeRefund('EUR', [
              input({ quantity: q, unitPrice, ...a, restockingFeePercent: 0 }),
            ]);
            refunded += refund.total;
            p = {
              ...p,
              allocatedQuantity: p.allocatedQuantity + q,
              allocatedDiscount: p.allocatedDiscount + a.discountShare,
              allocatedTax: p.allocatedTax + a.taxShare,
            };
          }
          expect(refunded).toBe(unitPrice * quantity - discount + tax);
        },
      ),
    );
  });
});

describe('compareTax', () => {
  it('finds lines whose quote differs or is missing', () => {
    const sut = compareTax(
      [
        { lineId: 'a', taxShare: 34 },
        { lineId: 'b', taxShare: 10 },
        { lineId: 'c', taxShare: 5 },
      ],
      [
        { lineId: 'a', taxAmount: 33 },
        { lineId: 'b', taxAmount: 10 },
      ],
    );
    expect(sut).toEqual([
      { lineId: 'a', prorated: 34, quoted: 33 },
      { lineId: 'c', prorated: 5, quoted: -1 },
    ]);
    expect(describeMismatches(sut)).toBe(
      'line a: prorated tax 34 but tax engine reverses 33; line c: tax engine returned no reversal (prorated 5)',
    );
  });

  it('finds nothing when the engine agrees', () => {
    expect(compareTax([{ lineId: 'a', taxShare: 1 }], [{ lineId: 'a', taxAmount: 1 }])).toEqual([]);
  });
});
