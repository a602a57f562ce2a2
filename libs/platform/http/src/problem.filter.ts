import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'crypto';
import type { Socket } from 'net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ThrottlerException } from '@nestjs/throttler';
import {
  DependencyAuthError,
  DependencyError,
  DependencyUnavailableError,
} from '@retail/platform-http-client';
import { redactDeep, RequestContext } from '@retail/platform-observability';
import { DomainException, FieldError, PROBLEM_BASE, ProblemDetails, titleFor } from './problem';

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message: string;
}

const FASTIFY_CODES: Record<string, { status: number; code: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body-too-large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported-media-type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'malformed-request' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed-json' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed-json' },
  FST_ERR_BAD_URL: { status: 400, code: 'malformed-url' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 422, code: 'invalid-parameter' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'malformed-request' },
};

const OUTAGE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
]);
const OUTAGE_MESSAGE =
  /connection terminated|timeout exceeded when trying to connect|connection error|database system is (starting up|shutting down|in recovery mode)|terminating connection|server closed the connection|not queryable|ECONNRESET|ECONNREFUSED/i;

/**
 * PostgreSQL unreachable, restarting or out of connections: the request may succeed on retry,
 * so the answer is 503 with Retry-After, never 500.
 */
export function isDependencyOutage(error: unknown): boolean {
  const e = error as
    { code?: unknown; message?: unknown; driverError?: { code?: unknown } } | undefined;
  const code = String(e?.driverError?.code ?? e?.code ?? '');
  return (
    code.startsWith('08') || OUTAGE_CODES.has(code) || OUTAGE_MESSAGE.test(String(e?.message ?? ''))
  );
}

/**
 * The SQLSTATE of a PostgreSQL error, wrapped by TypeORM (`driverError`) or raw from pg (which
 * sets `severity`; other errors' `code`, e.g. ECONNRESET, is no SQLSTATE).
 */
function sqlStateOf(error: unknown): string | undefined {
  const e = error as { driverError?: { code?: unknown }; code?: unknown; severity?: unknown };
  const code = e?.driverError?.code ?? (e?.severity !== undefined ? e?.code : undefined);
  return typeof code === 'string' ? code : undefined;
}

/**
 * PostgreSQL rolled the transaction back because it collided with concurrent work (SQLSTATE
 * class 40: a serialization failure, a deadlock). Nothing was written and the same request
 * may succeed on retry: 503 with Retry-After, never 500. Our transactions take their locks in
 * one order so that deadlocks do not happen (see OrdersRepository.lockHeld); this keeps a
 * caller's answer honest if one still does, and the filter logs it.
 */
export function isTransactionConflict(error: unknown): boolean {
  return sqlStateOf(error)?.startsWith('40') ?? false;
}

/**
 * PostgreSQL refused a value (SQLSTATE class 22: out of range, invalid text representation,
 * bad encoding, string too long). Validation should have caught it first; this backstop keeps
 * a value the validation missed a 400 instead of a 500, and the filter logs it as a warning.
 */
export function isDataException(error: unknown): boolean {
  return sqlStateOf(error)?.startsWith('22') ?? false;
}

/**
 * Another of our services failed us on a request path: 503 (with its Retry-After) when it is
 * unreachable or failing, 502 when it refused our key (a configuration fault, alerted on) or
 * answered something we did not expect. Never a 500.
 */
function dependencyProblem(error: DependencyError) {
  const extensions = { dependency: error.dependency };
  if (error instanceof DependencyUnavailableError) {
    const retryAfterSeconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 2000) / 1000));
    return {
      status: 503,
      code: 'dependency-unavailable',
      detail: `${error.message}; retry shortly`,
      extensions: { ...extensions, retryAfterSeconds },
    };
  }
  if (error instanceof DependencyAuthError) {
    return {
      status: 502,
      code: 'dependency-refused-credentials',
      detail: `${error.dependency} refused this service's key; the operators are alerted`,
      extensions,
    };
  }
  return { status: 502, code: 'dependency-rejected', detail: error.message, extensions };
}

/** What an error log may carry (`loggableError`): never SQL parameters nor PostgreSQL's detail. */
export function redactError(error: unknown): unknown {
  return redactDeep(error);
}

/** Builds the problem body for any thrown value; one exhaustive place for HTTP error mapping. */
export function toProblem(error: unknown, instance?: string): ProblemDetails {
  const correlationId = RequestContext.correlationId();
  const base = (status: number, code: string, detail: string, errors?: FieldError[]) => ({
    type: `${PROBLEM_BASE}${code}`,
    title: titleFor(status),
    status,
    detail,
    correlationId,
    instance,
    ...(errors && errors.length ? { errors } : {}),
  });
  if (error instanceof DependencyError) {
    const p = dependencyProblem(error);
    return { ...base(p.status, p.code, p.detail), ...p.extensions };
  }
  if (error instanceof DomainException) {
    return {
      ...base(error.status, error.code, error.message, error.options.errors),
      ...error.options.extensions,
    };
  }
  if (error instanceof ThrottlerException)
    return base(429, 'rate-limited', 'Too many requests for this API key');
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const detail =
      typeof response === 'string'
        ? response
        : ((response as { message?: unknown }).message ?? error.message);
    return base(
      status,
      status === 404 ? 'not-found' : `http-${status}`,
      Array.isArray(detail) ? detail.join('; ') : String(detail),
    );
  }
  const fe = error as FastifyLikeError;
  const known = fe?.code ? FASTIFY_CODES[fe.code] : undefined;
  if (known) return base(known.status, known.code, fe.message);
  if (error instanceof SyntaxError)
    return base(400, 'malformed-json', 'Request body is not valid JSON');
  if (isDependencyOutage(error)) {
    return {
      ...base(503, 'dependency-unavailable', 'A dependency is unavailable; retry shortly'),
      retryAfterSeconds: 2,
    };
  }
  if (isTransactionConflict(error)) {
    return {
      ...base(503, 'transaction-conflict', 'The request collided with concurrent work; retry'),
      retryAfterSeconds: 1,
    };
  }
  if (isDataException(error)) {
    return base(
      400,
      'invalid-input',
      'A value in the request cannot be used as given (out of range or badly encoded)',
    );
  }
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return base(fe.statusCode, `http-${fe.statusCode}`, fe.message);
  }
  return base(
    500,
    'internal',
    'An unexpected error occurred; it has been logged with the correlation id',
  );
}

export function sendProblem(reply: FastifyReply, problem: ProblemDetails): void {
  if ((problem.status === 429 || problem.status === 503) && !reply.getHeader('retry-after')) {
    reply.header('retry-after', String(problem.retryAfterSeconds ?? 1));
  }
  const correlationId = problem.correlationId;
  if (correlationId) reply.header('x-correlation-id', correlationId);
  void reply.status(problem.status).type('application/problem+json').send(problem);
}

/**
 * Fastify's own refusals before routing (a path that does not decode, a path parameter over
 * the router's limit): problem+json with a correlation id like every other error. Hooks have
 * not run, so the correlation id is generated here.
 */
export function frameworkErrorHandler(
  error: Error,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const correlationId = randomUUID();
  const problem = RequestContext.run({ correlationId }, () =>
    toProblem(error, request.raw.url?.split('?')[0]?.slice(0, 200)),
  );
  sendProblem(reply, problem.status >= 500 ? { ...problem, status: 400 } : problem);
}

const CLIENT_ERRORS: Record<string, { status: number; code: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'headers-too-large',
    detail: 'The request line and headers are over 16 KiB',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'request-timeout',
    detail: 'The request was not received in time',
  },
};

/**
 * Node's HTTP parser refuses a request before Fastify sees it (over-long URL or headers,
 * broken framing): answer problem+json on the socket, then close it.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = CLIENT_ERRORS[error.code ?? ''] ?? {
    status: 400,
    code: 'malformed-request',
    detail: 'The request is not valid HTTP/1.1',
  };
  const correlationId = randomUUID();
  const body = JSON.stringify({
    type: `${PROBLEM_BASE}${known.code}`,
    title: titleFor(known.status),
    status: known.status,
    detail: known.detail,
    correlationId,
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${known.status} ${titleFor(known.status)}\r\n` +
        `Content-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `x-correlation-id: ${correlationId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const problem = toProblem(exception, request?.url?.split('?')[0]?.slice(0, 200));
    if (problem.status >= 500)
      this.logger.error({ err: redactError(exception) }, 'unhandled error');
    sendProblem(reply, problem);
  }
}
