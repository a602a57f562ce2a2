import {
  ErpNotFoundError,
  ErpRejectedError,
  ErpThrottledError,
  ERP_ERRORS,
  ErpUnavailableError,
  BackofficeUnavailableError,
  genericErrors,
} from '../errors';
import {
  classifyFetchFailure,
  classifyResponse,
  parseRetryAfter,
  summariseProblem,
} from './classify';

const NS_429 = {
  type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5',
  title: 'Too Many Requests',
  status: 429,
  'o:errorDetails': [{ detail: 'limit exceeded', 'o:errorCode': 'CONCURRENCY_LIMIT_EXCEEDED' }],
};

describe('classifyResponse', () => {
  it('maps 429 to ErpThrottledError with Retry-After in ms and the NetSuite code', () => {
    const sut = classifyResponse(429, new Headers({ 'retry-after': '3' }), NS_429, ERP_ERRORS);

    expect(sut).toBeInstanceOf(ErpThrottledError);
    expect(sut).toMatchObject({
      retryAfterMs: 3000,
      code: 'CONCURRENCY_LIMIT_EXCEEDED',
      retryable: true,
    });
  });

  it('maps 5xx to a retryable ErpUnavailableError; only 503 means "not processed"', () => {
    const sut503 = classifyResponse(503, new Headers(), {}, ERP_ERRORS) as ErpUnavailableError;
    const sut500 = classifyResponse(500, new Headers(), {}, ERP_ERRORS) as ErpUnavailableError;

    expect(sut503).toBeInstanceOf(ErpUnavailableError);
    expect(sut503.outcomeUnknown).toBe(false);
    expect(sut500.outcomeUnknown).toBe(true);
    expect(sut500.retryable).toBe(true);
  });

  it('maps other 4xx to a non-retryable ErpRejectedError, 404 to ErpNotFoundError', () => {
    const body = { 'o:errorDetails': [{ detail: 'bad date', 'o:errorCode': 'USER_ERROR' }] };
    const sut = classifyResponse(400, new Headers(), body, ERP_ERRORS);
    const missing = classifyResponse(404, new Headers(), {}, ERP_ERRORS);

    expect(sut).toBeInstanceOf(ErpRejectedError);
    expect(sut).toMatchObject({
      retryable: false,
      status: 400,
      code: 'USER_ERROR',
      message: 'HTTP 400: bad date',
    });
    expect(missing).toBeInstanceOf(ErpNotFoundError);
  });

  it('returns undefined for success and uses generic classes for other systems', () => {
    expect(classifyResponse(204, new Headers(), undefined, ERP_ERRORS)).toBeUndefined();
    const sut = classifyResponse(502, new Headers(), {}, genericErrors('payments'));
    expect(sut).toBeInstanceOf(BackofficeUnavailableError);
    expect(sut).not.toBeInstanceOf(ErpUnavailableError);
    expect(sut?.system).toBe('payments');
  });
});

describe('classifyFetchFailure', () => {
  it('treats a timeout as unavailable with an unknown outcome', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');

    const sut = classifyFetchFailure(timeout, ERP_ERRORS) as ErpUnavailableError;

    expect(sut).toBeInstanceOf(ErpUnavailableError);
    expect(sut).toMatchObject({ outcomeUnknown: true, code: 'TIMEOUT' });
  });

  it('knows a refused connection committed nothing, a reset connection may have', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    });
    const reset = new TypeError('fetch failed', {
      cause: Object.assign(new Error('y'), { code: 'UND_ERR_SOCKET' }),
    });

    expect(classifyFetchFailure(refused, ERP_ERRORS)).toMatchObject({
      outcomeUnknown: false,
      code: 'ECONNREFUSED',
    });
    expect(classifyFetchFailure(reset, ERP_ERRORS)).toMatchObject({
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
