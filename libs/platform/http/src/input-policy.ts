import { FieldError } from './problem';

/**
 * The one input policy for everything a client controls outside the body: path parameters,
 * query parameters and headers, applied by the request gate to every `/v1` request before a
 * body is read. Bodies go through the same string checks (inspectJson) in the body parser;
 * route-specific formats (UUIDs, enums, integers, cursors) are then the contract classes' and
 * pipes' job. The limits here are tighter because these values become lookup keys.
 */
export const MAX_PATH_PARAM_LENGTH = 128;
export const MAX_QUERY_VALUE_LENGTH = 512;
export const MAX_HEADER_VALUE_LENGTH = 1024;

/** C0 controls (NUL included) and DEL never belong in an id, a filter or a cursor. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Reports what is wrong with one parameter value (a string, or the strings of a repeated query
 * parameter); an empty list when it is acceptable. Format checks (UUIDs, enums, integers) stay
 * with the route's own contract class; this is the floor every value passes first.
 */
export function inspectParameter(field: string, value: unknown, maxLength: number): FieldError[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value))
    return value.flatMap((v, i) => inspectParameter(`${field}.${i}`, v, maxLength));
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
      const path = field ? `${field}.${k}` : k;
      return [...inspectParameter(path, k, maxLength), ...inspectParameter(path, v, maxLength)];
    });
  }
  if (typeof value !== 'string') return [];
  if (value.length > maxLength)
    return [{ field, message: `must be at most ${maxLength} characters` }];
  if (CONTROL.test(value)) return [{ field, message: 'must not contain control characters' }];
  if (!value.isWellFormed()) return [{ field, message: 'must not contain lone surrogates' }];
  return [];
}

/** A positive integer that JavaScript, PostgreSQL bigint and JetStream sequences all hold. */
/**
 * class-transformer `@Transform` for an integer query parameter: decimal digits only (`0x10`,
 * `1e3`, ` 7` or `+5` stay invalid instead of becoming numbers, as `Number()` would make
 * them); anything else becomes NaN, which `@IsInt()` then refuses with a 4xx.
 */
export const toDecimalInt = ({ value }: { value: unknown }): number | undefined => {
  if (value === undefined) return undefined;
  return typeof value === 'string' && /^[0-9]{1,16}$/.test(value) ? Number(value) : NaN;
};

export function isSafePositiveInteger(text: string): boolean {
  return /^[1-9][0-9]{0,15}$/.test(text) && Number.isSafeInteger(Number(text));
}
