import type { ErpCreditMemoSummary, ProviderRefund } from '@retail/backoffice-adapters';
import { compareErpCredit, compareRefund, RecordedRefund, ReturnCredit } from './refund-drift';

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

describe('compareErpCredit', () => {
  const credit: ReturnCredit = {
    returnId: 'ret-1',
    refundId: 're_1',
    amount: 1999,
    currency: 'EUR',
    status: 'closed',
  };
  const memo: ErpCreditMemoSummary = {
    creditMemoId: '42',
    externalId: 'ret-1',
    total: 1999,
    currency: 'EUR',
    status: 'Open',
    active: true,
  };

  it('finds no drift when the ERP credits what the return refunded', () => {
    expect(compareErpCredit(credit, memo)).toBeUndefined();
  });

  it('names a credit memo the ERP does not have, the one drift to post again', () => {
    expect(compareErpCredit(credit, undefined)).toMatchObject({
      kind: 'missing_in_erp',
      returnId: 'ret-1',
      refundId: 're_1',
      ours: { amount: 1999, currency: 'EUR' },
    });
  });

  it.each([
    ['another amount', { total: 1899 }],
    ['another currency', { currency: 'USD' }],
  ])('reports %s as an amount mismatch with both sides', (_label, over) => {
    const drift = compareErpCredit(credit, { ...memo, ...over });

    expect(drift).toMatchObject({
      kind: 'erp_amount_mismatch',
      ours: { amount: 1999, currency: 'EUR' },
      erp: { creditMemoId: '42', ...('total' in over ? { amount: 1899 } : { currency: 'USD' }) },
    });
    expect(drift!.corrected).toBeUndefined();
    expect(drift!.action).toContain('never overwritten');
  });

  it('reports a voided credit memo, whatever its amount', () => {
    expect(compareErpCredit(credit, { ...memo, status: 'Voided', active: false })).toMatchObject({
      kind: 'erp_credit_voided',
      erp: { status: 'Voided' },
    });
  });
});
