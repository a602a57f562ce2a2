import type { Params } from 'nestjs-pino';
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

export function pinoParams(serviceName: string, level: string): Params {
  return {
    pinoHttp: {
      level,
      base: { service: serviceName },
      redact: { paths: REDACTED_PATHS, censor: CENSORED },
      formatters: { log: (object) => redactDeep(object) as Record<string, unknown> },
      mixin: () => {
        const ctx = RequestContext.current();
        return ctx
          ? {
              correlationId: ctx.correlationId,
              causationId: ctx.causationId,
              messageId: ctx.messageId,
              ...traceLogFields(),
            }
          : traceLogFields();
      },
      genReqId: (req) => String(req.headers['x-correlation-id'] ?? ''),
      autoLogging: {
        ignore: (req) => /^\/(health|metrics|docs)/.test(req.url ?? ''),
      },
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
