import { randomUUID } from 'crypto';
import type { FastifyInstance } from 'fastify';
import { activeTraceparent, RequestContext, tagServerSpan } from '@retail/platform-observability';

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Accepts `x-correlation-id` (or generates one), echoes it on every response and runs the
 * rest of the request inside a RequestContext so logs, events and outbound calls carry it.
 * While tracing, the request's server span gets the correlation id and the route as its name,
 * and the context's traceparent is that span's (the received one otherwise).
 */
export function registerCorrelation(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const given = request.headers['x-correlation-id'];
    const correlationId = typeof given === 'string' && VALID_ID.test(given) ? given : randomUUID();
    request.headers['x-correlation-id'] = correlationId;
    void reply.header('x-correlation-id', correlationId);
    const received = request.headers['traceparent'];
    tagServerSpan(correlationId, request.method, request.routeOptions?.url);
    const traceparent =
      activeTraceparent() ?? (typeof received === 'string' ? received : undefined);
    const { method, url } = request;
    RequestContext.run({ correlationId, traceparent, request: { method, url } }, done);
  });
}
