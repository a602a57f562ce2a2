import {
  classifyFetchFailure,
  classifyResponse,
  parseRetryAfter,
  summariseProblem,
} from './classify';
import {
  DependencyAuthError,
  dependencyErrors,
  DependencyRejectedError,
  DependencyUnavailableError,
} from './dependency-errors';

// The service client's error classes; the back-office adapters' own are checked in their lib.
const ERRORS = dependencyErrors('erp');

const NS_429 = {
  type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5',
  title: 'Too Many Requests',
  status: 429,
  'o:errorDetails': [{ detail: 'limit exceeded', 'o:errorCode': 'CONCURRENCY_LIMIT_EXCEEDED' }],
};

describe('classifyResponse', () => {
  it('maps 429 to a throttled error with Retry-After in ms and the NetSuite code', () => {
    const sut = classifyResponse(429, new Headers({ 'retry-after': '3' }), NS_429, ERRORS);

    expect(sut).toBeInstanceOf(DependencyUnavailableError);
    expect(sut).toMatchObject({
      retryAfterMs: 3000,
      code: 'CONCURRENCY_LIMIT_EXCEEDED',
      retryable: true,
    });
  });

  it('maps 5xx to a retryable unavailable error; only 503 means "not processed"', () => {
    const sut503 = classifyResponse(503, new Headers(), {}, ERRORS) as DependencyUnavailableError;
    const sut500 = classifyResponse(500, new Headers(), {}, ERRORS) as DependencyUnavailableError;

    expect(sut503).toBeInstanceOf(DependencyUnavailableError);
    expect(sut503.outcomeUnknown).toBe(false);
    expect(sut500.outcomeUnknown).toBe(true);
    expect(sut500.retryable).toBe(true);
  });

  it('maps other 4xx to a non-retryable rejection with the body', () => {
    const body = { 'o:errorDetails': [{ detail: 'bad date', 'o:errorCode': 'USER_ERROR' }] };
    const sut = classifyResponse(400, new Headers(), body, ERRORS);

    expect(sut).toBeInstanceOf(DependencyRejectedError);
    expect(sut).toMatchObject({
      retryable: false,
      status: 400,
      code: 'USER_ERROR',
      message: 'erp: HTTP 400: bad date',
      problem: body,
    });
  });

  it('maps 401 and 403 to a retryable configuration fault, never a business refusal', () => {
    for (const status of [401, 403]) {
      const sut = classifyResponse(status, new Headers(), { detail: 'no' }, ERRORS);
      expect(sut).toBeInstanceOf(DependencyAuthError);
      expect(sut).toMatchObject({ status, retryable: true });
    }
  });

  it('returns undefined for success', () => {
    expect(classifyResponse(204, new Headers(), undefined, ERRORS)).toBeUndefined();
  });
});

describe('classifyFetchFailure', () => {
  it('treats a timeout as unavailable with an unknown outcome', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');

    const sut = classifyFetchFailure(timeout, ERRORS) as DependencyUnavailableError;

    expect(sut).toBeInstanceOf(DependencyUnavailableError);
    expect(sut).toMatchObject({ outcomeUnknown: true, code: 'TIMEOUT' });
  });

  it('knows a refused connection committed nothing, a reset connection may have', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    });
    const reset = new TypeError('fetch failed', {
      cause: Object.assign(new Error('y'), { code: 'UND_ERR_SOCKET' }),
    });

    expect(classifyFetchFailure(refused, ERRORS)).toMatchObject({
      outcomeUnknown: false,
      code: 'ECONNREFUSED',
    });
    expect(classifyFetchFailure(reset, ERRORS)).toMatchObject({
      outcomeUnknown: true,
      code: 'UND_ERR_SOCKET',
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, HTTP dates and falls back to 1 s', () => {
    const now = Date.parse('2026-11-26T20:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 20:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter(null, now)).toBe(1000);
    expect(parseRetryAfter('soon', now)).toBe(1000);
  });
});

describe('summariseProblem', () => {
  it('reads RFC 9457 problems too', () => {
    expect(summariseProblem({ detail: 'nope', code: 'idempotency_key_reused' })).toEqual({
      message: 'nope',
      code: 'idempotency_key_reused',
    });
  });
});
