import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ThrottlerException } from '@nestjs/throttler';
import {
  DependencyAuthError,
  DependencyError,
  DependencyUnavailableError,
} from '@retail/platform-http-client';
import { RequestContext } from '@retail/platform-observability';
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

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const problem = toProblem(exception, request?.url?.split('?')[0]);
    if (problem.status >= 500) this.logger.error({ err: exception }, 'unhandled error');
    sendProblem(reply, problem);
  }
}
