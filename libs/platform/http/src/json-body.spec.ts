import { inspectJson, parseJsonBody } from './json-body';
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
});
