import type { Params } from 'nestjs-pino';
import { RequestContext } from './request-context';

/**
 * Personal data and secrets never reach the logs: these paths are censored wherever they
 * appear in a logged object (request bodies are not logged at all).
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
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin: () => {
        const ctx = RequestContext.current();
        return ctx
          ? {
              correlationId: ctx.correlationId,
              causationId: ctx.causationId,
              messageId: ctx.messageId,
            }
          : {};
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
