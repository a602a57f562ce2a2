import type { HttpAnswer } from './http';
import { isShed, retryDelayMs } from './storm';

const answer = (status?: number, headers: Record<string, string> = {}): HttpAnswer => ({
  status,
  text: '',
  headers: new Headers(headers),
  error: status === undefined ? 'UND_ERR_CONNECT_TIMEOUT' : undefined,
  ms: 1,
});

describe('the storm sender (a Shopify delivery)', () => {
  it('stops at a 2xx and at a definite refusal', () => {
    expect(retryDelayMs(answer(202), 1)).toBeUndefined();
    expect(retryDelayMs(answer(401), 1)).toBeUndefined();
    expect(retryDelayMs(answer(422), 3)).toBeUndefined();
  });

  it('comes back after the Retry-After of a shed answer, capped at 10 s', () => {
    expect(isShed(answer(503, { 'retry-after': '2' }))).toBe(true);
    expect(retryDelayMs(answer(503, { 'retry-after': '2' }), 1)).toBe(2000);
    expect(retryDelayMs(answer(429, { 'retry-after': '1' }), 4)).toBe(1000);
    expect(retryDelayMs(answer(503, { 'retry-after': '3600' }), 1)).toBe(10_000);
  });

  it('does not count a 5xx without Retry-After as shed, and backs off before retrying it', () => {
    expect(isShed(answer(503))).toBe(false);
    expect(isShed(answer(500, { 'retry-after': '2' }))).toBe(false);
    expect(retryDelayMs(answer(503), 1)).toBe(300);
    expect(retryDelayMs(answer(500), 3)).toBe(1200);
  });

  it('retries a delivery that got no answer with a doubling back-off', () => {
    expect(retryDelayMs(answer(undefined), 1)).toBe(300);
    expect(retryDelayMs(answer(undefined), 2)).toBe(600);
    expect(retryDelayMs(answer(undefined), 10)).toBe(4000);
  });
});
