import { createHash } from 'node:crypto';

/** References starting with FAIL are refused by the "bank": a refund answer, not an error. */
export function refundDecision(paymentReference: string): {
  status: 'succeeded' | 'failed';
  failureReason?: string;
} {
  return /^fail/i.test(paymentReference)
    ? { status: 'failed', failureReason: 'charge_not_refundable' }
    : { status: 'succeeded' };
}

/** References starting with DECLINE are declined by the "bank": a charge answer, not an error. */
export function chargeDecision(paymentReference: string): {
  status: 'succeeded' | 'failed';
  failureReason?: string;
} {
  return /^decline/i.test(paymentReference)
    ? { status: 'failed', failureReason: 'card_declined' }
    : { status: 'succeeded' };
}

/** Same key, same body -> replay; the hash is over the body with keys sorted. */
export function requestHash(body: object): string {
  return createHash('sha256').update(stableStringify(body)).digest('hex');
}

export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
