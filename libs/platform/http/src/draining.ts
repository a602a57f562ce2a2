import type { FastifyInstance } from 'fastify';
import { sendProblem } from './problem.filter';
import { PROBLEM_BASE, titleFor } from './problem';

/** Seconds a client waits before retrying a request a stopping replica turned away. */
export const DRAINING_RETRY_AFTER_SECONDS = 1;

/**
 * A replica that is stopping (SIGTERM in a rollout) turns new requests away with the contract's
 * 503: problem+json, `Retry-After`, and `Connection: close` (set by Fastify while it closes), so
 * the caller retries and its next connection reaches another replica. Fastify's own answer
 * (`return503OnClosing`) has neither a problem body nor Retry-After, so the adapter must be
 * created with `return503OnClosing: false` and this hook registered instead. Requests in flight
 * when the close begins are finished as usual.
 */
export function registerDrainingAnswer(fastify: FastifyInstance): void {
  let draining = false;
  fastify.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!draining) return done();
    const correlationId = request.headers['x-correlation-id'];
    sendProblem(reply, {
      type: `${PROBLEM_BASE}shutting-down`,
      title: titleFor(503),
      status: 503,
      detail: 'This replica is shutting down; retry shortly',
      ...(typeof correlationId === 'string' ? { correlationId } : {}),
      instance: request.url.split('?')[0]?.slice(0, 200),
      retryAfterSeconds: DRAINING_RETRY_AFTER_SECONDS,
    });
  });
}
