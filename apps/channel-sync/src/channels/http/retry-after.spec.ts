import { graphqlThrottle, remainingCalls, retryAfterMs as sut } from './retry-after';

const h = (init: Record<string, string>) => new Headers(init);

describe('retryAfterMs', () => {
  it('reads fractional seconds (Shopify sends 2.0)', () =>
    expect(sut(h({ 'retry-after': '2.0' }), 99)).toBe(2000));
  it('reads an HTTP date', () =>
    expect(
      sut(
        h({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }),
        99,
        Date.parse('2026-01-01T00:00:00Z'),
      ),
    ).toBe(5000));
  it("reads BigCommerce's reset window", () =>
    expect(sut(h({ 'x-rate-limit-time-reset-ms': '1500' }), 99)).toBe(1500));
  it("waits one request interval of Amazon's rate", () =>
    expect(sut(h({ 'x-amzn-ratelimit-limit': '0.5' }), 99)).toBe(2000));
  it('falls back when the channel says nothing', () => expect(sut(h({}), 99)).toBe(99));
});

describe('remainingCalls', () => {
  it("reads Shopify's call limit", () =>
    expect(remainingCalls(h({ 'x-shopify-shop-api-call-limit': '32/40' }))).toBe(8));
  it("reads BigCommerce's requests left", () =>
    expect(remainingCalls(h({ 'x-rate-limit-requests-left': '0' }))).toBe(0));
  it('is undefined otherwise', () => expect(remainingCalls(h({}))).toBeUndefined());
});

describe('graphqlThrottle', () => {
  const cost = (requested: number, available: number) => ({
    requestedQueryCost: requested,
    throttleStatus: { maximumAvailable: 1000, currentlyAvailable: available, restoreRate: 50 },
  });
  it('reads the points left of an answered query', () =>
    expect(graphqlThrottle({ data: {}, extensions: { cost: cost(10, 990) } })).toEqual({
      remaining: 990,
    }));
  it('waits until a THROTTLED query fits at the restore rate', () =>
    expect(
      graphqlThrottle({
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
        extensions: { cost: cost(70, 66) },
      }),
    ).toEqual({ remaining: 66, throttledForMs: 80 }));
  it('is undefined for answers without a throttle status', () => {
    expect(graphqlThrottle({ orders: [] })).toBeUndefined();
    expect(graphqlThrottle('text')).toBeUndefined();
  });
});
