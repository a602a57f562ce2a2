import { generateBadRequests } from './bad-inputs';
import { isRouteMissing } from './context';

describe('generateBadRequests', () => {
  const sut = () => generateBadRequests('FT', 42, 5, { shopifyOrderId: 'order-1' });

  it('covers every bad-input class of the contract', () => {
    const classes = new Set(sut().map((r) => r.cls));
    expect([...classes].sort()).toEqual([
      'another-channels-resources',
      'bad-quantity',
      'deeply-nested',
      'forged-hmac',
      'hostile-headers',
      'hostile-path-parameters',
      'hostile-query-parameters',
      'idempotency-key-reused-with-other-body',
      'malformed-json',
      'nul-and-lone-surrogates',
      'oversized-body',
      'unknown-fields',
      'wrong-content-type',
      'wrong-or-missing-key',
      'wrong-types',
    ]);
  });

  it('is reproducible from the seed', () => {
    expect(sut().map((r) => r.body?.toString())).toEqual(sut().map((r) => r.body?.toString()));
  });

  it('makes oversized bodies larger than 1 MiB and malformed bodies that do not parse', () => {
    const all = sut();
    for (const r of all.filter((x) => x.cls === 'oversized-body'))
      expect(r.body!.length).toBeGreaterThan(1024 * 1024);
    for (const r of all.filter((x) => x.cls === 'malformed-json'))
      expect(() => JSON.parse(r.body!.toString())).toThrow();
  });

  it('puts raw NUL or lone surrogate escapes into the JSON text', () => {
    for (const r of sut().filter((x) => x.cls === 'nul-and-lone-surrogates')) {
      expect(r.body!.toString()).toMatch(/\\u0000|\\ud800|\\udfff|\\ud83d/);
    }
  });
});

describe('isRouteMissing', () => {
  it('tells a missing route from a domain 404', () => {
    expect(isRouteMissing(404, '{"message":"Route POST:/v1/x not found"}')).toBe(true);
    expect(isRouteMissing(404, '{"detail":"Cannot POST /v1/x"}')).toBe(true);
    expect(isRouteMissing(501, '')).toBe(true);
    expect(isRouteMissing(404, '{"type":".../not-found","detail":"no order o-1"}')).toBe(false);
    expect(isRouteMissing(400, 'Route POST:/v1/x not found')).toBe(false);
  });
});
