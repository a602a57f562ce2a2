import { randomUUID } from 'crypto';
import type { FastifyInstance } from 'fastify';
import { RequestContext } from '@retail/platform-observability';

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Accepts `x-correlation-id` (or generates one), echoes it on every response and runs the
 * rest of the request inside a RequestContext so logs, events and outbound calls carry it.
 */
export function registerCorrelation(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const given = request.headers['x-correlation-id'];
    const correlationId = typeof given === 'string' && VALID_ID.test(given) ? given : randomUUID();
    request.headers['x-correlation-id'] = correlationId;
    void reply.header('x-correlation-id', correlationId);
    const traceparent = request.headers['traceparent'];
    RequestContext.run(
      { correlationId, traceparent: typeof traceparent === 'string' ? traceparent : undefined },
      done,
    );
  });
}
