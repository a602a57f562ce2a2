import { LimitDecision, LimitSpec } from './limit-spec';

export interface LimiterFigures {
  /** Requests that reached the limiter. */
  attempts: number;
  /** Requests it refused (each answered 429). */
  refused: number;
  /** Highest fill (bucket) or window count reached by admitted requests: never above capacity. */
  peakUsed: number;
  /**
   * The same figure had every request been admitted: what the callers asked for, in the
   * vendor's terms. Above `capacity` means the callers overran the limit.
   */
  peakDemand: number;
  /** Most requests that reached the limiter within any one second. */
  peakRequestsPerSecond: number;
  /**
   * Requests that arrived after a 429 and before the wait it announced (Retry-After or the
   * vendor's equivalent) had elapsed: a well-behaved caller keeps this at 0.
   */
  earlyRetries: number;
}

/**
 * One vendor limit (bucket or fixed window) with exact peak figures. Time comes from the
 * caller, so tests drive it without waiting.
 */
export class RateLimiter {
  private used = 0;
  private demand = 0;
  private lastMs: number | undefined;
  private windowStart = 0;
  private readonly recent: number[] = [];
  /** When the wait announced by the last 429 ends. */
  private retryAt: number | undefined;
  private figures: LimiterFigures = emptyFigures();

  constructor(readonly spec: LimitSpec) {}

  /**
   * Admits one request needing `amount` places (1 per request; a GraphQL query's calculated
   * cost in points for Shopify's cost limit), or refuses it whole.
   */
  take(now: number, amount = 1): LimitDecision {
    this.advance(now);
    this.figures.attempts++;
    this.countPerSecond(now);
    if (this.retryAt !== undefined && now < this.retryAt) this.figures.earlyRetries++;
    this.demand += amount;
    this.figures.peakDemand = Math.max(this.figures.peakDemand, this.demand);
    const capacity = this.spec.kind === 'bucket' ? this.spec.capacity : this.spec.quota;
    if (this.used + amount > capacity) {
      this.figures.refused++;
      const refused = { allowed: false, used: this.used, capacity, ...this.timing(now, amount) };
      this.retryAt = Math.max(this.retryAt ?? 0, now + refused.retryAfterMs);
      return refused;
    }
    this.used += amount;
    this.figures.peakUsed = Math.max(this.figures.peakUsed, this.used);
    return { allowed: true, used: this.used, capacity, ...this.timing(now), retryAfterMs: 0 };
  }

  /** Current fill without taking a place (headers on answers that bypass the limiter). */
  peek(now: number): number {
    this.advance(now);
    return this.used;
  }

  stats(): LimiterFigures {
    return { ...this.figures };
  }

  private advance(now: number): void {
    if (this.spec.kind === 'bucket') {
      const elapsed = this.lastMs === undefined ? 0 : Math.max(0, now - this.lastMs);
      const leaked = (elapsed / 1000) * this.spec.ratePerSecond;
      this.used = Math.max(0, this.used - leaked);
      this.demand = Math.max(0, this.demand - leaked);
    } else if (this.lastMs === undefined || now - this.windowStart >= this.spec.windowMs) {
      // A window opens with the first request after the previous one closed.
      this.windowStart = now;
      this.used = 0;
      this.demand = 0;
    }
    this.lastMs = now;
  }

  private timing(now: number, amount = 1): { retryAfterMs: number; resetMs: number } {
    if (this.spec.kind === 'bucket') {
      const over = this.used + amount - this.spec.capacity;
      const retryAfterMs = over > 0 ? Math.ceil((over / this.spec.ratePerSecond) * 1000) : 0;
      return { retryAfterMs, resetMs: Math.ceil((this.used / this.spec.ratePerSecond) * 1000) };
    }
    const resetMs = Math.max(0, this.windowStart + this.spec.windowMs - now);
    return { retryAfterMs: resetMs, resetMs };
  }

  private countPerSecond(now: number): void {
    this.recent.push(now);
    while (this.recent.length > 0 && this.recent[0] <= now - 1000) this.recent.shift();
    this.figures.peakRequestsPerSecond = Math.max(
      this.figures.peakRequestsPerSecond,
      this.recent.length,
    );
  }
}

function emptyFigures(): LimiterFigures {
  return {
    attempts: 0,
    refused: 0,
    peakUsed: 0,
    peakDemand: 0,
    peakRequestsPerSecond: 0,
    earlyRetries: 0,
  };
}
