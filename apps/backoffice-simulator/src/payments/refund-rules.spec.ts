import { chargeDecision, refundDecision, requestHash, stableStringify } from './refund-rules';

describe('refund rules', () => {
  it('hashes bodies independently of key order', () => {
    const a = { paymentReference: 'p', amount: 1, currency: 'EUR', metadata: { x: '1', y: '2' } };
    const b = { metadata: { y: '2', x: '1' }, currency: 'EUR', amount: 1, paymentReference: 'p' };

    expect(requestHash(a)).toBe(requestHash(b));
    expect(requestHash({ ...a, amount: 2 })).not.toBe(requestHash(a));
    expect(stableStringify({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
  });

  it('fails refunds for FAIL references only', () => {
    expect(refundDecision('FAIL-1')).toEqual({
      status: 'failed',
      failureReason: 'charge_not_refundable',
    });
    expect(refundDecision('pay_1')).toEqual({ status: 'succeeded' });
  });

  it('declines charges for DECLINE references only', () => {
    expect(chargeDecision('decline-1')).toEqual({
      status: 'failed',
      failureReason: 'card_declined',
    });
    expect(chargeDecision('pay_1')).toEqual({ status: 'succeeded' });
  });
});
