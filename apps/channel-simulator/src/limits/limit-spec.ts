/**
 * A vendor's request limit, in the vendor's own terms.
 * - `bucket`: leaky bucket (Shopify: capacity 40, leaks 2/s) or, equivalently, token bucket
 *   (Amazon usage plans: burst = capacity, rate = refill per second). A request needs one free
 *   place in the bucket.
 * - `window`: a quota of requests per fixed window (BigCommerce: 150 per 30,000 ms).
 */
export type LimitSpec =
  | { kind: 'bucket'; capacity: number; ratePerSecond: number }
  | { kind: 'window'; quota: number; windowMs: number };

export interface LimitDecision {
  allowed: boolean;
  /** Bucket fill (leaky) or requests used in the window, after this request. */
  used: number;
  /** What the spec allows at once: bucket capacity or window quota. */
  capacity: number;
  /** Milliseconds until one more request would be admitted (0 when allowed). */
  retryAfterMs: number;
  /** Window kinds: milliseconds until the window resets. */
  resetMs: number;
}

export function describeLimit(spec: LimitSpec): string {
  return spec.kind === 'bucket'
    ? `bucket of ${spec.capacity}, ${spec.ratePerSecond}/s`
    : `${spec.quota} per ${spec.windowMs} ms`;
}
