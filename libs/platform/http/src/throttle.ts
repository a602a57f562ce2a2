import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerStorage } from '@nestjs/throttler';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Rate limits per API key the key guard accepted (per client IP otherwise: an invented key
 * does not buy a fresh budget; failed authentications have their own throttle in the gate).
 */
@Injectable()
export class ApiKeyThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const key = req.headers?.['x-api-key'];
    return req.principal && typeof key === 'string' ? `key:${key}` : `ip:${req.ip}`;
  }

  /**
   * The same key as the library's, without its SHA-256 of it on every request (it was ~1% of
   * the order intake's CPU): the counters live in this process's memory, next to the key table.
   */
  protected override generateKey(context: ExecutionContext, suffix: string, name: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${name}-${suffix}`;
  }
}

/** What a storage answers for one request (the library does not export its name). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * The per-key counters behind `ApiKeyThrottlerGuard`: one fixed window per key
 * (rate-limiter-flexible's `RateLimiterMemory`: a count and an expiry), O(1) a request.
 * @nestjs/throttler's own storage keeps one timestamp per request of the last minute and filters
 * the whole list on every request: 60 µs a request with 1,000 requests in the window, 0.58 ms
 * with 10,000 and 2.3 ms with 60,000 (the default limit), and a copy of the list each time. A
 * channel sending 170 orders a second paid more for its rate limit than for its order. Over the
 * limit, a key is refused for the block duration (the guard's default: the window).
 */
export class FixedWindowThrottlerStorage implements ThrottlerStorage {
  private readonly limiters = new Map<string, RateLimiterMemory>();

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const limiter = this.limiterFor(throttlerName, ttl, limit, blockDuration);
    try {
      const res = await limiter.consume(key);
      return { totalHits: res.consumedPoints, ...seconds(res, false) };
    } catch (rejected) {
      if (!(rejected instanceof RateLimiterRes)) throw rejected;
      return { totalHits: rejected.consumedPoints, ...seconds(rejected, true) };
    }
  }

  private limiterFor(name: string, ttl: number, limit: number, blockDuration: number) {
    const id = `${name}\u001f${ttl}\u001f${limit}\u001f${blockDuration}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterMemory({
        points: limit,
        duration: Math.max(1, Math.ceil(ttl / 1000)),
        blockDuration: Math.max(0, Math.ceil(blockDuration / 1000)),
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}

function seconds(res: RateLimiterRes, blocked: boolean) {
  const left = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return { timeToExpire: left, isBlocked: blocked, timeToBlockExpire: blocked ? left : 0 };
}
