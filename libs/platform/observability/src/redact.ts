import { EventEmitter } from 'events';

/** What replaces a censored value in a log line. */
export const CENSORED = '[redacted]';

/**
 * Field names that hold personal data or secrets, censored at any depth of anything logged
 * (compared lower-case, without `-` and `_`): a customer, an address, a payment, a key.
 */
const PERSONAL = new Set(
  [
    'email',
    'phone',
    'firstName',
    'lastName',
    'fullName',
    'company',
    'line1',
    'line2',
    'address1',
    'address2',
    'street',
    'city',
    'postalCode',
    'zip',
    'shippingAddress',
    'billingAddress',
    'birthDate',
    'taxId',
    'vatId',
    'iban',
    'cardNumber',
    'password',
    'secret',
    'token',
    'accessToken',
    'refreshToken',
    'clientSecret',
    'apiKey',
    'xApiKey',
    'authorization',
    'cookie',
    // SQL parameters of a failed query hold the request's values.
    'parameters',
  ].map(normalise),
);

/** Objects that describe a person: their `name` is personal too (a job's or a queue's is not). */
const PERSON = new Set(
  ['customer', 'contact', 'recipient', 'buyer', 'shipto', 'billto'].map(normalise),
);

function normalise(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

export function isPersonalField(key: string): boolean {
  return PERSONAL.has(normalise(key));
}

/**
 * An error as a log may carry it: class, message, code, SQLSTATE, the statement text, stack and
 * cause, never the SQL parameters of a failed query nor PostgreSQL's `detail` (both hold the
 * request's values, personal data included).
 */
export function loggableError(error: Error, depth = 0): Record<string, unknown> {
  const e = error as Error & {
    code?: unknown;
    query?: unknown;
    driverError?: { code?: unknown };
    cause?: unknown;
  };
  return {
    type: e.name,
    message: e.message,
    stack: e.stack,
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.driverError?.code !== undefined ? { sqlState: e.driverError.code } : {}),
    ...(typeof e.query === 'string' ? { query: e.query.slice(0, 2000) } : {}),
    ...(e.cause !== undefined ? { cause: redactDeep(e.cause, depth + 1) } : {}),
  };
}

const MAX_DEPTH = 12;

/**
 * A copy of `value` fit for a log line: every personal field censored at any depth, errors
 * reduced to loggableError, cycles and anything deeper than 12 levels cut.
 */
export function redactDeep(
  value: unknown,
  depth = 0,
  seen = new WeakSet<object>(),
  parentKey = '',
): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) return loggableError(value, depth);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1, seen));
  // Requests, responses and sockets are left to pino's own serializers (method, url, status).
  if (value instanceof Date || Buffer.isBuffer(value) || value instanceof EventEmitter)
    return value;
  const out: Record<string, unknown> = {};
  const person = PERSON.has(normalise(parentKey));
  for (const [key, v] of Object.entries(value)) {
    const censor = isPersonalField(key) || (person && normalise(key) === 'name');
    out[key] = censor && v !== undefined ? CENSORED : redactDeep(v, depth + 1, seen, key);
  }
  return out;
}
