/**
 * Return (RMA) statuses. `pending_approval`: held by fraud or high-value rules; `exception`: a step
 * failed (e.g. the refund) and needs an operator.
 */
export const RETURN_STATUSES = [
  'requested',
  'pending_approval',
  'authorized',
  'received',
  'inspected',
  'dispositioned',
  'refunded',
  'closed',
  'rejected',
  'exception',
] as const;

/** Return status. */
export type ReturnStatus = (typeof RETURN_STATUSES)[number];
