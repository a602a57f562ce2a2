import type { ErpCreditMemoSummary, ProviderRefund } from '@retail/backoffice-adapters';

/** A refund as a return records it (the refund step's committed outcome). */
export interface RecordedRefund {
  returnId: string;
  orderId: string;
  status: string;
  /** The provider's refund id (`refund_reference`); absent until the refund step commits. */
  refundId?: string;
  /** Minor units. */
  amount: number;
  currency: string;
  refundedAt?: string;
}

/** Drift between the provider's refunds and our returns' refunds. */
export const PROVIDER_DRIFT_KINDS = [
  'unrecorded_refund',
  'missing_at_provider',
  'amount_mismatch',
  'not_settled',
] as const;
/** Drift between a refunded return and its ERP credit memo (ADR 0042). */
export const ERP_DRIFT_KINDS = [
  'missing_in_erp',
  'erp_amount_mismatch',
  'erp_credit_voided',
] as const;
export const REFUND_DRIFT_KINDS = [...PROVIDER_DRIFT_KINDS, ...ERP_DRIFT_KINDS] as const;
export type RefundDriftKind = (typeof REFUND_DRIFT_KINDS)[number];

export interface RefundDrift {
  kind: RefundDriftKind;
  returnId?: string;
  refundId: string;
  ours?: { amount: number; currency: string; status: string };
  theirs?: { amount: number; currency: string; status: string; createdAt: string };
  /** The ERP's credit memo of the return (ERP kinds; absent when the ERP has none). */
  erp?: { creditMemoId: string; amount: number; currency: string; status: string };
  /** What an operator does about it (or what the run did). */
  action: string;
  /** True when the run corrected it (posted the missing credit memo). */
  corrected?: boolean;
}

const theirsOf = (p: ProviderRefund) => ({
  amount: p.amount,
  currency: p.currency,
  status: p.status,
  createdAt: p.createdAt,
});
const oursOf = (r: RecordedRefund) => ({
  amount: r.amount,
  currency: r.currency,
  status: r.status,
});

/**
 * One pair: the return's recorded refund and the provider's refund of the same id (either may be
 * missing). Undefined when they agree: same amount and currency, and the provider paid it out.
 */
export function compareRefund(
  refundId: string,
  ours: RecordedRefund | undefined,
  theirs: ProviderRefund | undefined,
): RefundDrift | undefined {
  if (!ours && !theirs) return undefined;
  // A refund the provider failed and no return recorded moved no money: nothing to reconcile.
  if (!ours && theirs!.status === 'failed') return undefined;
  if (!theirs)
    return {
      kind: 'missing_at_provider',
      returnId: ours!.returnId,
      refundId,
      ours: oursOf(ours!),
      action:
        'The provider does not know this refund: check the payment account before refunding by hand.',
    };
  if (!ours)
    return {
      kind: 'unrecorded_refund',
      ...(theirs.metadata.returnId ? { returnId: theirs.metadata.returnId } : {}),
      refundId,
      theirs: theirsOf(theirs),
      action: theirs.metadata.returnId
        ? 'Paid out but not recorded on the return: retry the return (the same refund key replays this refund and records it).'
        : 'Paid out for no return of ours: find who refunded it at the payment provider.',
    };
  if (ours.amount !== theirs.amount || ours.currency !== theirs.currency)
    return {
      kind: 'amount_mismatch',
      returnId: ours.returnId,
      refundId,
      ours: oursOf(ours),
      theirs: theirsOf(theirs),
      action: `The provider paid ${theirs.amount} ${theirs.currency} where the return refunds ${ours.amount} ${ours.currency}: settle the difference with finance.`,
    };
  if (theirs.status !== 'succeeded')
    return {
      kind: 'not_settled',
      returnId: ours.returnId,
      refundId,
      ours: oursOf(ours),
      theirs: theirsOf(theirs),
      action:
        theirs.status === 'pending'
          ? 'Still pending at the provider: check again later.'
          : 'The provider failed this refund after accepting it: refund the customer by hand.',
    };
  return undefined;
}

/** A refunded return as the ERP check sees it: what its credit memo must credit. */
export interface ReturnCredit {
  returnId: string;
  refundId: string;
  /** The return's credit (its refund total, tax included, fee withheld), minor units. */
  amount: number;
  currency: string;
  status: string;
}

/**
 * The return's credit against the ERP's memo of it (ADR 0042). A memo the ERP does not have is
 * `missing_in_erp`, the one drift with one right fix (post the same memo again, keyed by the
 * return); an amount or currency that differs, or a voided memo, is reported and left alone:
 * which side is wrong is finance's call. Undefined when they agree.
 */
export function compareErpCredit(
  credit: ReturnCredit,
  memo: ErpCreditMemoSummary | undefined,
): RefundDrift | undefined {
  const base = {
    returnId: credit.returnId,
    refundId: credit.refundId,
    ours: { amount: credit.amount, currency: credit.currency, status: credit.status },
  };
  if (!memo)
    return {
      kind: 'missing_in_erp',
      ...base,
      action: 'The ERP has no credit memo for this refunded return: post it again (same key).',
    };
  const erp = {
    creditMemoId: memo.creditMemoId,
    amount: memo.total,
    currency: memo.currency,
    status: memo.status,
  };
  if (!memo.active)
    return {
      kind: 'erp_credit_voided',
      ...base,
      erp,
      action:
        'The credit memo was voided in the ERP after the refund was paid: finance decides whether to credit again.',
    };
  if (memo.total !== credit.amount || memo.currency !== credit.currency)
    return {
      kind: 'erp_amount_mismatch',
      ...base,
      erp,
      action: `The ERP credits ${memo.total} ${memo.currency} where the return refunded ${credit.amount} ${credit.currency}: correct the credit memo in the ERP (never overwritten from here).`,
    };
  return undefined;
}
