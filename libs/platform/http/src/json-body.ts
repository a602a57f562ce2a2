import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FieldError, ProblemException } from './problem';

export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_NDJSON_BYTES = 64 * 1024 * 1024;
export const MAX_JSON_DEPTH = 32;

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received, for signatures (HMAC) and raw-payload lineage. */
    rawBody?: Buffer;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Where a value sits in the body, spelt out (`lines.0.sku`) only when it is reported. */
type JsonPath = { parent: JsonPath; key: string | number } | null;

function spell(path: JsonPath): string {
  const keys: Array<string | number> = [];
  for (let p = path; p; p = p.parent) keys.push(p.key);
  // As a path grows key by key (an empty key adds nothing at the start).
  return keys.reduceRight<string>((path, key) => (path ? `${path}.${key}` : String(key)), '');
}

function stringProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain NUL characters';
  if (!s.isWellFormed()) return 'must not contain lone surrogates';
  return null;
}

/**
 * Walks a parsed body once, iteratively (a hostile body must not overflow the stack), and
 * reports what PostgreSQL would choke on or what we refuse to interpret: nesting deeper than
 * the limit, NUL characters and lone UTF-16 surrogates in keys or strings (at most 20 problems).
 * Every request body passes here, so the walk allocates only per object or array: strings are
 * checked where their container is read, array entries by index, and a path is spelt out only
 * for a problem.
 */
export function inspectJson(value: unknown, maxDepth = MAX_JSON_DEPTH): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (path: JsonPath, message: string) =>
    errors.push({ field: spell(path) || '(body)', message });
  if (typeof value === 'string') {
    const problem = stringProblem(value);
    if (problem) fail(null, problem);
    return errors;
  }
  if (value === null || typeof value !== 'object') return errors;
  const stack: Array<{ v: object; path: JsonPath; depth: number }> = [
    { v: value, path: null, depth: 0 },
  ];
  while (stack.length > 0 && errors.length < 20) {
    const { v, path, depth } = stack.pop()!;
    if (depth >= maxDepth) {
      fail(path, `nesting deeper than ${maxDepth} levels`);
      continue;
    }
    const visit = (child: unknown, key: string | number) => {
      if (typeof child === 'string') {
        const problem = stringProblem(child);
        if (problem) fail({ parent: path, key }, problem);
      } else if (child !== null && typeof child === 'object') {
        stack.push({ v: child, path: { parent: path, key }, depth: depth + 1 });
      }
    };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) visit(v[i], i);
      continue;
    }
    for (const key of Object.keys(v)) {
      const problem = stringProblem(key);
      if (problem) fail({ parent: path, key }, problem);
      visit((v as Record<string, unknown>)[key], key);
    }
  }
  return errors;
}

function decode(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new ProblemException(400, 'malformed-json', 'Request body is not valid UTF-8');
  }
}

/**
 * The deepest nesting of arrays and objects in JSON text, without parsing it, stopping as soon
 * as it passes `limit`: a body nested thousands deep is refused before any recursive walk
 * (JSON.parse's reviver, class-transformer) could overflow the stack.
 */
export function jsonNestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

const dropProto = (key: string, val: unknown) => (key === '__proto__' ? undefined : val);

/**
 * Whether the text can hold a `__proto__` key: spelt out, or written with a \u escape. Only then
 * does JSON.parse run with the reviver that drops such keys: a reviver calls back into JS for
 * every value and makes the parse several times slower (it was a hot spot of the order intake).
 */
function mayNameProto(text: string): boolean {
  return text.includes('__proto__') || text.includes('\\u');
}

export function parseJsonBody(body: Buffer): unknown {
  const text = decode(body);
  if (text.trim() === '')
    throw new ProblemException(400, 'malformed-json', 'Request body is empty');
  if (jsonNestingExceeds(text, MAX_JSON_DEPTH)) {
    throw new ProblemException(422, 'too-deep', 'Request body is nested too deeply', [
      { field: '(body)', message: `nesting deeper than ${MAX_JSON_DEPTH} levels` },
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, mayNameProto(text) ? dropProto : undefined);
  } catch (e) {
    throw new ProblemException(
      400,
      'malformed-json',
      `Request body is not valid JSON: ${(e as Error).message}`,
    );
  }
  const problems = inspectJson(parsed);
  if (problems.length > 0) {
    throw new ProblemException(
      422,
      'invalid-characters',
      'Request body contains values that cannot be accepted',
      problems,
    );
  }
  return parsed;
}

/** Replaces Fastify's JSON parser and adds NDJSON (bulk import) as raw text. */
export function registerBodyParsers(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser(
    /^application\/([\w.-]+\+)?json(\s*;.*)?$/i,
    { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES },
    (req: FastifyRequest, body: Buffer, done: (err: Error | null, value?: unknown) => void) => {
      req.rawBody = body;
      try {
        done(null, parseJsonBody(body));
      } catch (e) {
        done(e as Error);
      }
    },
  );
  fastify.addContentTypeParser(
    /^application\/(x-)?ndjson(\s*;.*)?$/i,
    { parseAs: 'buffer', bodyLimit: MAX_NDJSON_BYTES },
    (req: FastifyRequest, body: Buffer, done: (err: Error | null, value?: unknown) => void) => {
      req.rawBody = body;
      try {
        done(null, decode(body));
      } catch (e) {
        done(e as Error);
      }
    },
  );
}
