import { inspectParameter, isSafePositiveInteger, toDecimalInt } from './input-policy';
import { AuthFailureThrottle } from './request-gate';
import { jsonNestingExceeds } from './json-body';
import { redactError } from './problem.filter';

describe('the parameter floor', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['a line feed', 'a\nb'],
    ['DEL', 'a\u007fb'],
    ['a lone surrogate', 'a\ud800'],
    ['an over-long value', 'x'.repeat(129)],
  ])('refuses %s', (_label, value) => {
    expect(inspectParameter('id', value, 128)).toEqual([
      { field: 'id', message: expect.any(String) },
    ]);
  });

  it('accepts ordinary ids, unicode and empty input', () => {
    expect(inspectParameter('id', 'SKU-1 é 💥', 128)).toEqual([]);
    expect(inspectParameter('', { a: undefined, b: '1' }, 128)).toEqual([]);
  });

  it('walks repeated query parameters and names the field', () => {
    expect(inspectParameter('', { status: ['ok', 'a\u0000'] }, 128)).toEqual([
      { field: 'status.1', message: expect.any(String) },
    ]);
  });

  it('takes integers from 1 to 2^53-1 only', () => {
    expect(['1', '42', String(Number.MAX_SAFE_INTEGER)].every(isSafePositiveInteger)).toBe(true);
    for (const bad of ['0', '-1', '1.5', '1e3', '0x10', '01', '9007199254740992', ''])
      expect(isSafePositiveInteger(bad)).toBe(false);
  });
});

describe('integer query parameters (toDecimalInt)', () => {
  it.each(['0', '7', '1000', '9007199254740991'])('reads %s as its decimal value', (text) => {
    expect(toDecimalInt({ value: text })).toBe(Number(text));
  });

  it.each(['0x10', '1e3', '+5', ' 7', '7 ', '-1', '', '1.5', 'ten', '12345678901234567'])(
    'refuses %p (NaN, which @IsInt rejects)',
    (text) => {
      expect(toDecimalInt({ value: text })).toBeNaN();
    },
  );

  it('leaves an absent parameter absent and refuses a repeated one', () => {
    expect(toDecimalInt({ value: undefined })).toBeUndefined();
    expect(toDecimalInt({ value: ['1', '2'] })).toBeNaN();
  });
});

describe('JSON nesting before parsing', () => {
  it('counts brackets outside strings only', () => {
    expect(jsonNestingExceeds('{"a":"[[[[[[[[[[[[\\"[[["}', 2)).toBe(false);
    expect(jsonNestingExceeds('[[[1]]]', 2)).toBe(true);
    expect(jsonNestingExceeds('[[1],[2]]', 2)).toBe(false);
  });
});

describe('failed authentication throttle', () => {
  it('throttles an address after the limit until its minute ends', () => {
    const sut = new AuthFailureThrottle(2);
    const t0 = 1_000_000;
    sut.recordFailure('a', t0);
    expect(sut.blockedFor('a', t0)).toBe(0);
    sut.recordFailure('a', t0 + 1);
    expect(sut.blockedFor('a', t0 + 1_000)).toBe(59);
    expect(sut.blockedFor('b', t0 + 1_000)).toBe(0);
    expect(sut.blockedFor('a', t0 + 60_000)).toBe(0);
  });

  it('keeps a bounded number of addresses', () => {
    const sut = new AuthFailureThrottle(1, 60_000, 3);
    for (const a of ['a', 'b', 'c', 'd']) sut.recordFailure(a, 0);
    expect(sut.blockedFor('a', 1)).toBe(0);
    expect(sut.blockedFor('d', 1)).toBeGreaterThan(0);
  });
});

describe('error logs', () => {
  it('keep the statement and SQLSTATE, never the parameters or the row detail', () => {
    const err = Object.assign(new Error('duplicate key value violates unique constraint'), {
      name: 'QueryFailedError',
      query: 'INSERT INTO customers (email) VALUES ($1)',
      parameters: ['ada@example.com'],
      driverError: { code: '23505', detail: 'Key (email)=(ada@example.com) already exists.' },
    });
    const logged = JSON.stringify(redactError(err));
    expect(logged).toContain('INSERT INTO customers');
    expect(logged).toContain('23505');
    expect(logged).not.toContain('ada@example.com');
  });
});
