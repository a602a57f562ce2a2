/**
 * Exponential back-off with full jitter (AWS architecture blog, "Exponential Backoff And
 * Jitter"): a random delay in [base, min(cap, base * 2^attempt)], so retries of many jobs after
 * an outage spread out instead of arriving together.
 */
export function backoffDelayMs(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(baseMs + random() * Math.max(0, ceiling - baseMs));
}
