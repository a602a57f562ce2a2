import { headerOf, MappingContext, parseLossless, textOf } from './mapping-context';
import { problemOf } from './__fixtures__/channel-request';

describe('MappingContext', () => {
  let sut: MappingContext;
  beforeEach(() => {
    sut = new MappingContext('shopify');
    sut.currencyOf('eur', 'currency');
  });

  it.each([
    ['2026-11-20T14:03:11+01:00', '2026-11-20T14:03:11+01:00'],
    ['2026-11-20T15:44:12.000Z', '2026-11-20T15:44:12.000Z'],
    ['2026-11-20 16:21:09', '2026-11-20T16:21:09Z'],
    ['Thu, 19 Nov 2026 21:08:44 +0000', '2026-11-19T21:08:44.000Z'],
    ['Thu, 19 Nov 2026 23:08:44 +0200', '2026-11-19T21:08:44.000Z'],
  ])('reads the timestamp %j as %j', (raw, expected) => {
    expect(sut.timestamp(raw, 'created_at')).toBe(expected);
    expect(sut.errors).toEqual([]);
  });

  it.each(['2026-11-20', '20/11/2026 14:03', 'yesterday', '2026-02-30T10:00:00Z'])(
    'refuses the timestamp %j',
    (raw) => {
      sut.timestamp(raw, 'created_at');
      expect(sut.errors.map((e) => e.field)).toEqual(['created_at']);
    },
  );

  it.each([
    [2, 2],
    ['3', 3],
    ['2.0000', 2],
  ])('reads the quantity %j as %d', (raw, expected) => {
    expect(sut.quantity(raw, 'q')).toBe(expected);
    expect(sut.errors).toEqual([]);
  });

  it.each([0, -1, 1.5, '1.5', '', null, undefined, '2 pcs'])('refuses the quantity %j', (raw) => {
    sut.quantity(raw, 'q');
    expect(sut.errors).toHaveLength(1);
  });

  it('reads ids from strings and integers, not from fractions or blanks', () => {
    expect([sut.id(5123456789012, 'a'), sut.id(' A-1 ', 'b')]).toEqual(['5123456789012', 'A-1']);
    [sut.id(1.5, 'c'), sut.id('  ', 'd'), sut.id(undefined, 'e')].forEach((v) =>
      expect(v).toBe(''),
    );
    expect(sut.errors.map((e) => e.field)).toEqual(['c', 'd', 'e']);
  });

  it('reads money in the order currency, optional amounts as 0, discounts by magnitude', () => {
    expect(sut.currency).toBe('EUR');
    expect(sut.money('19.99', 'a')).toBe(1999);
    expect(sut.money(undefined, 'b', { optional: true })).toBe(0);
    expect(sut.money('-4.00', 'c', { magnitude: true })).toBe(400);
    expect(sut.errors).toEqual([]);
    sut.money('-4.00', 'd');
    expect(sut.errors).toEqual([{ field: 'd', message: 'must not be negative, got "-4.00"' }]);
  });

  it('throws one 422 problem listing every error', () => {
    sut.money('x', 'price');
    sut.quantity(0, 'quantity');
    const problem = problemOf(() => sut.assertValid());
    expect([problem.status, problem.code]).toEqual([422, 'invalid-channel-payload']);
    expect(problem.options.errors?.map((e) => e.field)).toEqual(['price', 'quantity']);
  });
});

describe('headerOf / textOf', () => {
  it('finds headers case-insensitively and takes the first of repeated values', () => {
    const headers = { 'X-Shopify-Event-Id': 'abc', 'x-multi': ['one', 'two'], empty: '  ' };
    expect(headerOf(headers, 'x-shopify-event-id')).toBe('abc');
    expect(headerOf(headers, 'X-MULTI')).toBe('one');
    expect(headerOf(headers, 'empty')).toBeUndefined();
    expect(headerOf(headers, 'missing')).toBeUndefined();
  });

  it('trims, drops blanks and cuts to length', () => {
    expect([textOf('  a '), textOf(''), textOf(null), textOf(42), textOf('abcdef', 3)]).toEqual([
      'a',
      undefined,
      undefined,
      '42',
      'abc',
    ]);
  });
});

describe('parseLossless', () => {
  it('keeps integers beyond 2^53 as their exact digits, everything else as JSON.parse does', () => {
    const text =
      '{"id":820982911946154508,"n":-99999999999999999,"ok":123,"d":1.12345678901234567,' +
      '"s":"a\\"12345678901234567890","arr":[12345678901234567890],"e":1e21}';
    expect(parseLossless(text)).toEqual({
      id: '820982911946154508',
      n: '-99999999999999999',
      ok: 123,
      d: JSON.parse('1.12345678901234567') as number,
      s: 'a"12345678901234567890',
      arr: ['12345678901234567890'],
      e: 1e21,
    });
  });

  it('leaves safe 16-digit integers as numbers', () => {
    expect(parseLossless('[9007199254740991, 1234567890123456]')).toEqual([
      9007199254740991, 1234567890123456,
    ]);
  });
});

describe('MappingContext.hold', () => {
  it('collects the reason and notes it for the timeline', () => {
    const ctx = new MappingContext('amazon');
    ctx.hold('price_missing', 'item 1: no ItemPrice');
    expect(ctx.holds).toEqual([{ reason: 'price_missing', detail: 'item 1: no ItemPrice' }]);
    expect(ctx.notes).toEqual(['held (price_missing): item 1: no ItemPrice']);
    expect(() => ctx.assertValid()).not.toThrow();
  });
});
