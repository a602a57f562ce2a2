import type { ReplyHeaders } from './platform-fetch';

/**
 * Builds the typed error of each failure class; every caller (back-office adapters, the service
 * client) brings its own error classes.
 */
export interface HttpErrorFactory<E extends Error = Error> {
  /** 429: the server's rate or concurrency limit, with how long it asked us to wait. */
  throttled(message: string, retryAfterMs: number, code?: string): E;
  /** 5xx, 408, timeout, refused, reset. `outcomeUnknown`: the request may have been applied. */
  unavailable(message: string, outcomeUnknown: boolean, status?: number, code?: string): E;
  /** Any other 4xx, with the body as received. */
  rejected(message: string, status: number, code?: string, details?: unknown): E;
}

/** Used when a 429 carries no usable Retry-After. */
export const DEFAULT_RETRY_AFTER_MS = 1000;

/** Failures that prove the request never reached the server, so nothing can have been committed. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number {
  if (!value) return DEFAULT_RETRY_AFTER_MS;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, at - now);
}

export interface ProblemSummary {
  message?: string;
  code?: string;
}

/** Reads NetSuite's `o:errorDetails` and RFC 9457 problem bodies alike. */
export function summariseProblem(body: unknown): ProblemSummary {
  if (!body || typeof body !== 'object') return {};
  const record = body as Record<string, unknown>;
  const details = record['o:errorDetails'];
  if (Array.isArray(details) && details.length > 0) {
    const first = details[0] as Record<string, unknown>;
    return { message: asString(first.detail), code: asString(first['o:errorCode']) };
  }
  return {
    message: asString(record.detail) ?? asString(record.title) ?? asString(record.message),
    code: asString(record.code) ?? asString(record.errorCode),
  };
}

/** Maps a non-2xx response to the typed error; undefined for success. */
export function classifyResponse<E extends Error>(
  status: number,
  headers: ReplyHeaders,
  body: unknown,
  errors: HttpErrorFactory<E>,
): E | undefined {
  if (status < 400) return undefined;
  const { message, code } = summariseProblem(body);
  const text = `HTTP ${status}${message ? `: ${message}` : ''}`;
  if (status === 429)
    return errors.throttled(text, parseRetryAfter(headers.get('retry-after')), code);
  // 408 is the server giving up on us: as retryable as a 5xx, and the outcome is unknown.
  if (status >= 500 || status === 408)
    return errors.unavailable(text, status !== 503, status, code);
  return errors.rejected(text, status, code, body);
}

/** Maps a fetch that threw (timeout, refused, reset) to the typed error. */
export function classifyFetchFailure<E extends Error>(
  error: unknown,
  errors: HttpErrorFactory<E>,
): E {
  // Duck-typed: DOMException and errors from another realm fail `instanceof Error`.
  const name = propertyOf(error, 'name') ?? '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return errors.unavailable(`request timed out (${name})`, true, undefined, 'TIMEOUT');
  }
  const code = causeCode(error);
  const message = propertyOf(error, 'message') ?? String(error);
  const detail = code ? `${message} (${code})` : message;
  return errors.unavailable(detail, !(code && NOT_SENT_CODES.has(code)), undefined, code);
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function propertyOf(value: unknown, key: 'name' | 'message'): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const property = (value as Record<string, unknown>)[key];
  return typeof property === 'string' ? property : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
