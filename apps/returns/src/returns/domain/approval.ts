export interface ApprovalFacts {
  /** Estimated refund, minor units. */
  estimateTotal: number;
  threshold: number;
  /** Returns the customer made inside the review window (this one excluded). */
  customerRecentReturns: number;
  maxCustomerReturns: number;
  windowDays: number;
}

/** Why a return must wait for a person (empty: authorize at once). */
export function approvalReasons(f: ApprovalFacts): string[] {
  const reasons: string[] = [];
  if (f.estimateTotal > f.threshold)
    reasons.push(`high value: refund ${f.estimateTotal} above threshold ${f.threshold}`);
  if (f.customerRecentReturns >= f.maxCustomerReturns)
    reasons.push(
      `unusual return rate: ${f.customerRecentReturns} returns in ${f.windowDays} days (limit ${f.maxCustomerReturns})`,
    );
  return reasons;
}
