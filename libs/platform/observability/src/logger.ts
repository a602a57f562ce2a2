import type { Params } from 'nestjs-pino';
import { levels } from 'pino';
import { CENSORED, redactDeep } from './redact';
import { RequestContext } from './request-context';
import { traceLogFields } from './trace-context';

/**
 * Personal data and secrets never reach the logs. These header paths are censored by pino's
 * own redaction; every other personal field is censored at any depth of a logged object by
 * redactDeep (the `log` formatter), and errors lose their SQL parameters (request bodies are
 * not logged at all).
 */
export const REDACTED_PATHS = [
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers["x-shopify-hmac-sha256"]',
  'req.headers["x-square-hmacsha256-signature"]',
  '*.email',
  '*.phone',
  '*.password',
  '*.secret',
  '*.address1',
  '*.address2',
  '*.shippingAddress',
  '*.billingAddress',
  '*.customer.email',
  '*.customer.phone',
  '*.customer.name',
];

/** The access log's lines are written at `info`: above it they are never written. */
export function accessLogOn(level: string): boolean {
  return (levels.values[level] ?? levels.values.info) <= levels.values.info;
}

/**
 * The service logger. With the access log on, pino-http runs on every request: one line per
 * answer, and a per-request child logger whose lines carry `req` (method, url). With it off
 * (`LOG_LEVEL` warn or above), pino-http would still build that child logger and the unwritten
 * line's objects on every request (a few % of the order intake's CPU): it is not mounted, and the
 * mixin puts the same `req` on the lines a request does write (ADR 0050).
 */
export function pinoParams(serviceName: string, level: string): Params {
  const access = accessLogOn(level);
  return {
    pinoHttp: {
      level,
      base: { service: serviceName },
      redact: { paths: REDACTED_PATHS, censor: CENSORED },
      formatters: { log: (object) => redactDeep(object) as Record<string, unknown> },
      mixin: access ? contextFields : contextAndRequestFields,
      genReqId: (req) => String(req.headers['x-correlation-id'] ?? ''),
      autoLogging: {
        ignore: (req) => /^\/(health|metrics|docs)/.test(req.url ?? ''),
      },
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    ...(access ? {} : { forRoutes: [] }),
  };
}

function contextFields(): Record<string, unknown> {
  const ctx = RequestContext.current();
  return ctx
    ? {
        correlationId: ctx.correlationId,
        causationId: ctx.causationId,
        messageId: ctx.messageId,
        ...traceLogFields(),
      }
    : traceLogFields();
}

/** contextFields, and the request's method and url as pino-http's child logger binds them. */
function contextAndRequestFields(): Record<string, unknown> {
  const request = RequestContext.current()?.request;
  const fields = contextFields();
  return request ? { ...fields, req: { method: request.method, url: request.url } } : fields;
}
