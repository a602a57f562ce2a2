import type { ProviderRefund } from '@retail/backoffice-adapters';
import { compareRefund, RecordedRefund } from './refund-drift';

const ours: RecordedRefund = {
  returnId: 'ret-1',
  orderId: 'ord-1',
  status: 'refunded',
  refundId: 're_1',
  amount: 1999,
  currency: 'EUR',
  refundedAt: '2026-12-06T10:00:00.000Z',
};
const theirs: ProviderRefund = {
  refundId: 're_1',
  status: 'succeeded',
  amount: 1999,
  currency: 'EUR',
  paymentReference: 'pay-1',
  metadata: { returnId: 'ret-1', orderId: 'ord-1' },
  createdAt: '2026-12-06T10:00:00.000Z',
};

describe('compareRefund', () => {
  it('finds no drift when both sides hold the same paid-out refund', () => {
    expect(compareRefund('re_1', ours, theirs)).toBeUndefined();
  });

  it('names a refund the provider does not know', () => {
    expect(compareRefund('re_1', ours, undefined)).toMatchObject({
      kind: 'missing_at_provider',
      returnId: 'ret-1',
      ours: { amount: 1999, currency: 'EUR', status: 'refunded' },
    });
  });

  it('names a paid-out refund no return records, with the return it was made for', () => {
    const drift = compareRefund('re_1', undefined, theirs);
    expect(drift).toMatchObject({ kind: 'unrecorded_refund', returnId: 'ret-1' });
    expect(drift?.action).toContain('retry the return');
  });

  it('names a refund made for no return of ours', () => {
    const drift = compareRefund('re_9', undefined, { ...theirs, refundId: 're_9', metadata: {} });
    expect(drift).toMatchObject({ kind: 'unrecorded_refund' });
    expect(drift).not.toHaveProperty('returnId');
  });

  it('leaves out a failed refund no return records (no money moved)', () => {
    expect(compareRefund('re_1', undefined, { ...theirs, status: 'failed' })).toBeUndefined();
  });

  it.each([
    ['amount', { amount: 2000 }],
    ['currency', { currency: 'USD' }],
  ])('names a different %s', (_label, change) => {
    expect(compareRefund('re_1', ours, { ...theirs, ...change })).toMatchObject({
      kind: 'amount_mismatch',
      theirs: { ...change },
    });
  });

  it.each(['pending', 'failed'] as const)('names a refund the provider holds as %s', (status) => {
    expect(compareRefund('re_1', ours, { ...theirs, status })).toMatchObject({
      kind: 'not_settled',
      theirs: { status },
    });
  });
});
