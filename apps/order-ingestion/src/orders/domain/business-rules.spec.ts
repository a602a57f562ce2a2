import type { CanonicalOrder } from '@retail/contracts';
import {
  duplicateLineIds,
  fraudRejected,
  fulfilmentProblems,
  holdReason,
  paymentProblems,
  pendingHold,
} from './business-rules';

const line = (lineId: string, type: 'ship' | 'pickup' = 'ship') => ({
  lineId,
  sku: 'SKU-1',
  quantity: 2,
  unitPrice: 1000,
  discount: 0,
  tax: 0,
  fulfillment: { type, locationId: type === 'pickup' ? 'store-1' : undefined },
});
const order = (over: Partial<CanonicalOrder> = {}): CanonicalOrder =>
  ({
    channel: 'web',
    channelOrderId: '1',
    orderedAt: '2026-01-01T00:00:00Z',
    currency: 'EUR',
    customer: {},
    lines: [line('1')],
    payment: { status: 'captured', method: 'card', reference: 'r', amount: 2000 },
    shippingAddress: { line1: 'a', city: 'b', countryCode: 'DE' },
    ...over,
  }) as CanonicalOrder;

describe('order business rules', () => {
  it('needs a shipping address only when a line ships', () => {
    expect(fulfilmentProblems(order({ shippingAddress: undefined }))).toHaveLength(1);
    const sut = order({ shippingAddress: undefined, lines: [line('1', 'pickup')] });
    expect(fulfilmentProblems(sut)).toEqual([]);
  });

  it('refuses a discount above the line price', () => {
    const sut = order({ lines: [{ ...line('1'), discount: 2001 }] });
    expect(fulfilmentProblems(sut)[0]).toContain('discount');
  });

  it('sends a line whose total an ERP line cannot carry to exception with that reason', () => {
    const huge = { ...line('1'), unitPrice: 9_000_000_000_000, quantity: 1000 };
    expect(fulfilmentProblems(order({ lines: [huge] }))).toEqual([
      expect.stringContaining('over what an ERP line carries'),
      expect.stringContaining('order total over'),
    ]);
    const atLimit = { ...line('1'), unitPrice: 999_999_999_999_999, quantity: 1 };
    expect(fulfilmentProblems(order({ lines: [atLimit] }))).toEqual([]);
  });

  it('takes a payment equal to the order total within one minor unit per line', () => {
    expect(paymentProblems(order())).toEqual([]);
    const pay = (amount: number) => ({ ...order().payment, amount });
    expect(paymentProblems(order({ payment: pay(2001) }))).toEqual([]);
    expect(paymentProblems(order({ payment: pay(2002) }))).toEqual([
      { field: 'payment.amount', message: expect.stringContaining('order total 2000') },
    ]);
    const shipped = order({
      shipping: { method: 'std', amount: 500, tax: 95 },
      payment: pay(2595),
    });
    expect(paymentProblems(shipped)).toEqual([]);
  });

  it('refuses tenders that do not add up to payment.amount', () => {
    const tender = (amount: number) => ({ ...order().payment, amount });
    const split = order({ payments: [tender(1500), tender(400)] });
    expect(paymentProblems(split)).toEqual([
      { field: 'payments', message: expect.stringContaining('1900') },
    ]);
  });

  it('finds duplicate line ids', () => {
    expect(duplicateLineIds(order({ lines: [line('1'), line('2'), line('1')] }))).toEqual(['1']);
  });

  it('holds for pending or failed payment and fraud review, unless released', () => {
    const pending = order({ payment: { ...order().payment, status: 'pending' } });
    expect(holdReason(pending, false)).toBe('payment pending');
    expect(holdReason(pending, true)).toBeUndefined();
    expect(holdReason(order({ fraud: { decision: 'review' } }), false)).toBe('fraud review');
    expect(holdReason(order(), false)).toBeUndefined();
    expect(fraudRejected(order({ fraud: { decision: 'reject' } }))).toBe(true);
  });

  it('never lets a release lift a failed payment', () => {
    const failed = order({ payment: { ...order().payment, status: 'failed' } });
    expect(holdReason(failed, true)).toBe('payment failed');
    expect(pendingHold(failed, true, [])).toBe('payment failed');
  });

  it('falls back to the intake holds unless released', () => {
    const holds = [{ reason: 'address_restricted' }, { reason: 'gift_wrap' }];
    expect(pendingHold(order(), false, holds)).toBe('address_restricted, gift_wrap');
    expect(pendingHold(order(), true, holds)).toBeUndefined();
    expect(pendingHold(order(), false, [])).toBeUndefined();
  });
});
