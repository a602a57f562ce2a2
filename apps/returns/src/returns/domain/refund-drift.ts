import type { ProviderRefund } from '@retail/backoffice-adapters';

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

export type RefundDriftKind =
  'unrecorded_refund' | 'missing_at_provider' | 'amount_mismatch' | 'not_settled';

export interface RefundDrift {
  kind: RefundDriftKind;
  returnId?: string;
  refundId: string;
  ours?: { amount: number; currency: string; status: string };
  theirs?: { amount: number; currency: string; status: string; createdAt: string };
  /** What an operator does about it. */
  action: string;
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
