import fc from 'fast-check';
import { inspectJson, parseJsonBody } from './json-body';
import type { FieldError } from './problem';
import { ProblemException } from './problem';

describe('parseJsonBody', () => {
  it('parses ordinary JSON', () => {
    expect(parseJsonBody(Buffer.from('{"a":[1,{"b":"ok"}]}'))).toEqual({ a: [1, { b: 'ok' }] });
  });

  it.each([
    ['malformed JSON', '{"a":', 400],
    ['empty body', '  ', 400],
    ['NUL in a value', '{"name":"a\\u0000b"}', 422],
    ['lone surrogate', '{"name":"\\ud800x"}', 422],
    ['NUL in a key', '{"a\\u0000":1}', 422],
  ])('rejects %s', (_label, text, status) => {
    expect.assertions(2);
    try {
      parseJsonBody(Buffer.from(text));
    } catch (e) {
      expect(e).toBeInstanceOf(ProblemException);
      expect((e as ProblemException).status).toBe(status);
    }
  });

  it('rejects invalid UTF-8 bytes as malformed', () => {
    expect(() => parseJsonBody(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]))).toThrow(
      ProblemException,
    );
  });

  it('drops __proto__ keys instead of polluting prototypes', () => {
    const value = parseJsonBody(Buffer.from('{"__proto__":{"polluted":true},"a":1}')) as Record<
      string,
      unknown
    >;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(value).toEqual({ a: 1 });
  });

  it('drops __proto__ keys spelt with unicode escapes too, at any depth', () => {
    const text = '{"a":{"\\u005f_proto__":{"polluted":true},"b":[{"__pr\\u006fto__":1}]}}';
    const value = parseJsonBody(Buffer.from(text)) as { a: Record<string, unknown> };
    expect(Object.keys(value.a)).toEqual(['b']);
    expect(value).toEqual({ a: { b: [{}] } });
    expect(Object.prototype.hasOwnProperty.call(value.a, '__proto__')).toBe(false);
  });
});

describe('inspectJson', () => {
  it('reports nesting deeper than the limit with its path', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = { n: deep };
    const sut = inspectJson(deep, 32);
    expect(sut).toHaveLength(1);
    expect(sut[0].message).toContain('nesting');
  });

  it('accepts a surrogate pair (emoji)', () => {
    expect(inspectJson({ name: 'ok 😀' })).toEqual([]);
  });

  it('spells the path of a problem in an array and in keys', () => {
    expect(inspectJson({ lines: [{ sku: 'a' }, { sku: 'b\u0000' }], ['k\ud800']: 1 })).toEqual(
      expect.arrayContaining([
        { field: 'lines.1.sku', message: 'must not contain NUL characters' },
        { field: 'k\ud800', message: 'must not contain lone surrogates' },
      ]),
    );
    expect(inspectJson('\u0000')).toEqual([
      { field: '(body)', message: 'must not contain NUL characters' },
    ]);
  });

  it('reports the same problems as a plain walk that spells every path (random bodies)', () => {
    const bad = fc.constantFrom('a\u0000b', '\ud800', 'x\udc00y', 'ok', '😀', '');
    const text = fc.oneof(fc.string(), bad);
    const body = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        text,
        fc.integer(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 5 }),
        fc.dictionary(text, tie('value'), { maxKeys: 5 }),
      ),
    })).value;
    const sorted = (errors: FieldError[]) =>
      errors.map((e) => `${e.field}|${e.message}`).sort((a, b) => (a < b ? -1 : 1));
    let withProblems = 0;
    fc.assert(
      fc.property(body, fc.integer({ min: 1, max: 6 }), (value, maxDepth) => {
        const expected = plainWalk(value, maxDepth);
        fc.pre(expected.length < 20); // beyond 20, which 20 are named depends on the order
        if (expected.length > 0) withProblems++;
        expect(sorted(inspectJson(value, maxDepth))).toEqual(sorted(expected));
      }),
      { numRuns: 2000 },
    );
    expect(withProblems).toBeGreaterThan(100);
  });
});

/** The walk as first written (a path string per value): the oracle of the test above. */
function plainWalk(value: unknown, maxDepth: number): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<{ v: unknown; path: string; depth: number }> = [
    { v: value, path: '', depth: 0 },
  ];
  const checkString = (s: string, path: string) => {
    if (s.includes('\u0000'))
      errors.push({ field: path || '(body)', message: 'must not contain NUL characters' });
    else if (!s.isWellFormed())
      errors.push({ field: path || '(body)', message: 'must not contain lone surrogates' });
  };
  while (stack.length > 0 && errors.length < 20) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') checkString(v, path);
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) {
      errors.push({ field: path || '(body)', message: `nesting deeper than ${maxDepth} levels` });
      continue;
    }
    for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
      const childPath = path ? `${path}.${key}` : key;
      checkString(key, childPath);
      stack.push({ v: child, path: childPath, depth: depth + 1 });
    }
  }
  return errors;
}
