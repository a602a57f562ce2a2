import type { ReplyHeaders } from '@retail/platform-http-client';

/**
 * How long a 429 asks us to wait: `Retry-After` (seconds, fractional as Shopify sends them, or an
 * HTTP date), BigCommerce's `X-Rate-Limit-Time-Reset-Ms`, or Amazon's `x-amzn-RateLimit-Limit`
 * (a rate: one request per 1/rate seconds). Without any, `fallbackMs`.
 */
export function retryAfterMs(headers: ReplyHeaders, fallbackMs: number, now = Date.now()): number {
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const resetMs = Number(headers.get('x-rate-limit-time-reset-ms'));
  if (Number.isFinite(resetMs) && resetMs > 0) return Math.ceil(resetMs);
  const amazonRate = Number(headers.get('x-amzn-ratelimit-limit'));
  if (Number.isFinite(amazonRate) && amazonRate > 0) return Math.ceil(1000 / amazonRate);
  return fallbackMs;
}

/** Remaining calls the vendor reports, when it does (Shopify, BigCommerce). */
export function remainingCalls(headers: ReplyHeaders): number | undefined {
  const shopify = headers.get('x-shopify-shop-api-call-limit');
  if (shopify) {
    const [used, size] = shopify.split('/').map(Number);
    if (Number.isFinite(used) && Number.isFinite(size)) return size - used;
  }
  const left = headers.get('x-rate-limit-requests-left');
  if (left !== null && left !== '' && Number.isFinite(Number(left))) return Number(left);
  return undefined;
}

/**
 * Shopify GraphQL's calculated-cost throttle, read from `extensions.cost` of any answer: the
 * points left (`throttleStatus.currentlyAvailable`) and, when the query was refused
 * (`errors[].extensions.code` THROTTLED, HTTP 200), how long until its requested cost fits at
 * the restore rate. Undefined for answers without a throttle status.
 */
export function graphqlThrottle(
  body: unknown,
): { remaining: number; throttledForMs?: number } | undefined {
  const b = body as { errors?: unknown; extensions?: { cost?: Record<string, any> } } | undefined;
  const cost = b?.extensions?.cost;
  const status = cost?.throttleStatus as Record<string, unknown> | undefined;
  const remaining = Number(status?.currentlyAvailable);
  if (!status || !Number.isFinite(remaining)) return undefined;
  const throttled =
    Array.isArray(b?.errors) &&
    b.errors.some((e: any) => e?.extensions?.code === 'THROTTLED' || e?.message === 'Throttled');
  if (!throttled) return { remaining };
  const rate = Number(status.restoreRate);
  const missing = Math.max(0, Number(cost?.requestedQueryCost) - remaining);
  const throttledForMs =
    rate > 0 && Number.isFinite(missing) ? Math.ceil((missing / rate) * 1000) : 1000;
  return { remaining, throttledForMs };
}
