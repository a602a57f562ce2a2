import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('leaky bucket (Shopify): 40 at once, the 41st refused, room again as it leaks 2/s', () => {
    const sut = new RateLimiter({ kind: 'bucket', capacity: 40, ratePerSecond: 2 });

    const burst = Array.from({ length: 40 }, () => sut.take(0));
    const refused = sut.take(0);
    const afterOneSecond = [sut.take(1000), sut.take(1000), sut.take(1000)];

    expect(burst.every((d) => d.allowed)).toBe(true);
    expect(burst[39]).toMatchObject({ used: 40, capacity: 40 });
    expect(refused).toMatchObject({ allowed: false, retryAfterMs: 500 });
    expect(afterOneSecond.map((d) => d.allowed)).toEqual([true, true, false]);
    expect(sut.stats()).toMatchObject({ attempts: 44, refused: 2, peakUsed: 40 });
    expect(sut.stats().peakDemand).toBeGreaterThan(40);
  });

  it('token bucket (Amazon getOrders): burst 20 then one request per minute', () => {
    const sut = new RateLimiter({ kind: 'bucket', capacity: 20, ratePerSecond: 0.0167 });

    for (let i = 0; i < 20; i++) expect(sut.take(0).allowed).toBe(true);
    const refused = sut.take(0);

    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBe(Math.ceil((1 / 0.0167) * 1000));
    expect(sut.take(30_000).allowed).toBe(false);
    expect(sut.take(60_000).allowed).toBe(true);
  });

  it('fixed window (BigCommerce): quota per window, reset when the window closes', () => {
    const sut = new RateLimiter({ kind: 'window', quota: 3, windowMs: 30_000 });

    const first = [sut.take(0), sut.take(10), sut.take(20), sut.take(30)];
    const next = sut.take(30_001);

    expect(first.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(first[3]).toMatchObject({ used: 3, resetMs: 29_970, retryAfterMs: 29_970 });
    expect(next).toMatchObject({ allowed: true, used: 1 });
    expect(sut.stats()).toMatchObject({ peakUsed: 3, peakDemand: 4, refused: 1 });
  });

  it('counts requests that come back before the announced wait as early retries', () => {
    const sut = new RateLimiter({ kind: 'bucket', capacity: 1, ratePerSecond: 1 });
    sut.take(0);
    const refused = sut.take(0);

    sut.take(refused.retryAfterMs - 1);
    sut.take(refused.retryAfterMs);

    expect(refused.retryAfterMs).toBe(1000);
    expect(sut.stats()).toMatchObject({ refused: 2, earlyRetries: 1 });
  });

  it('counts the most requests seen within any one second', () => {
    const sut = new RateLimiter({ kind: 'bucket', capacity: 100, ratePerSecond: 100 });

    [0, 100, 200, 1500, 1600].forEach((t) => sut.take(t));

    expect(sut.stats().peakRequestsPerSecond).toBe(3);
  });
});
