import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import type { ApiKeyTable } from './auth';
import {
  inspectParameter,
  MAX_HEADER_VALUE_LENGTH,
  MAX_PATH_PARAM_LENGTH,
  MAX_QUERY_VALUE_LENGTH,
} from './input-policy';
import { MAX_BODY_BYTES, MAX_NDJSON_BYTES } from './json-body';
import { FieldError, PROBLEM_BASE, ProblemDetails, titleFor } from './problem';
import { RequestContext } from '@retail/platform-observability';

/** What a route declares to the gate, carried as Fastify route config. */
export interface RouteInputPolicy {
  /** No API key (health, metrics, HMAC-signed webhooks that check their own signature). */
  public?: boolean;
  /** The route takes an NDJSON body (bulk import); every other route takes JSON only. */
  ndjson?: boolean;
}

const POLICY_KEY = 'retailInput';

/**
 * Adds to a route's Fastify config (method decorator) or to every route of a controller
 * (class decorator), merging with what other decorators set.
 */
export function withRoutePolicy(policy: RouteInputPolicy): ClassDecorator & MethodDecorator {
  const apply = (handler: object) => {
    const config = Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {};
    Reflect.defineMetadata(
      FASTIFY_ROUTE_CONFIG_METADATA,
      { ...config, [POLICY_KEY]: { ...config[POLICY_KEY], ...policy } },
      handler,
    );
  };
  return ((target: any, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      apply(descriptor.value);
      return descriptor;
    }
    for (const name of Object.getOwnPropertyNames(target.prototype)) {
      if (name === 'constructor') continue;
      const method = Object.getOwnPropertyDescriptor(target.prototype, name)?.value;
      if (typeof method === 'function') apply(method);
    }
    return target;
  }) as ClassDecorator & MethodDecorator;
}

/** The route takes `application/x-ndjson` (up to 64 MiB); JSON routes refuse it with 415. */
export const AcceptsNdjson = () => withRoutePolicy({ ndjson: true });

function policyOf(request: FastifyRequest): RouteInputPolicy | undefined {
  if (!request.routeOptions?.url) return undefined;
  const config = request.routeOptions.config as unknown as Record<string, RouteInputPolicy>;
  return config?.[POLICY_KEY];
}

export interface RequestGateOptions {
  keys: ApiKeyTable;
  /** Failed authentications per client address and minute before it is throttled. */
  authFailuresPerMinute: number;
}

/**
 * Counts failed authentications per client address in one-minute windows (per process:
 * each replica throttles on its own, which bounds guessing by replicas x limit).
 */
export class AuthFailureThrottle {
  private readonly windows = new Map<string, { start: number; failures: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly maxClients = 10_000,
  ) {}

  /** Seconds until this address may try again, or 0 when it is not throttled. */
  blockedFor(address: string, now = Date.now()): number {
    const w = this.windows.get(address);
    if (!w || now - w.start >= this.windowMs || w.failures < this.limit) return 0;
    return Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
  }

  recordFailure(address: string, now = Date.now()): void {
    const w = this.windows.get(address);
    if (w && now - w.start < this.windowMs) {
      w.failures++;
      return;
    }
    if (this.windows.size >= this.maxClients) this.evictExpired(now);
    this.windows.set(address, { start: now, failures: 1 });
  }

  private evictExpired(now: number): void {
    for (const [address, w] of this.windows)
      if (now - w.start >= this.windowMs) this.windows.delete(address);
    // Still full of live windows: forget the oldest rather than grow without bound.
    if (this.windows.size >= this.maxClients) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
  }
}

function problem(
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
): ProblemDetails {
  return {
    type: `${PROBLEM_BASE}${code}`,
    title: titleFor(status),
    status,
    detail,
    correlationId: RequestContext.correlationId(),
    ...(errors?.length ? { errors: errors.slice(0, 20) } : {}),
  };
}

/** The parameter floor of the input policy over every path and query parameter of a request. */
function parameterProblems(request: FastifyRequest): FieldError[] {
  return [
    ...inspectParameter('', request.params ?? {}, MAX_PATH_PARAM_LENGTH),
    ...inspectParameter('', request.query ?? {}, MAX_QUERY_VALUE_LENGTH),
  ];
}

function refuse(reply: FastifyReply, p: ProblemDetails, retryAfterSeconds?: number): void {
  if (retryAfterSeconds) void reply.header('retry-after', String(retryAfterSeconds));
  if (p.correlationId) void reply.header('x-correlation-id', p.correlationId);
  void reply.status(p.status).type('application/problem+json').send(p);
}

const NDJSON = /^application\/(x-)?ndjson(\s*;.*)?$/i;

/**
 * What is decided before a body is read, for every `/v1` route: the API key (a missing or
 * unknown key is 401, and an address that keeps failing is throttled with 429), then the
 * parameter floor of the input policy over every path and query parameter, declared or not
 * (no control characters or NUL, no lone surrogates, bounded length: 422, like the same
 * characters in a body), then the body's
 * content type and declared length against the route's own limit (415, 413). The
 * 64 MiB NDJSON parser only ever runs on a route that declares it, after the key check.
 * Scopes stay with ApiKeyGuard, which runs inside Nest.
 */
export function registerRequestGate(fastify: FastifyInstance, options: RequestGateOptions): void {
  const throttle = new AuthFailureThrottle(options.authFailuresPerMinute);
  fastify.addHook('onRequest', (request, reply, done) => {
    const url = request.routeOptions?.url;
    if (!url || !url.startsWith('/v1/')) return done();
    const policy = policyOf(request) ?? {};
    if (!policy.public) {
      const address = request.ip;
      const wait = throttle.blockedFor(address);
      if (wait > 0) {
        refuse(
          reply,
          problem(429, 'auth-throttled', 'Too many failed authentications from this address'),
          wait,
        );
        return;
      }
      const key = request.headers['x-api-key'];
      const known =
        typeof key === 'string' && key.length <= MAX_HEADER_VALUE_LENGTH && options.keys.has(key);
      if (!known) {
        throttle.recordFailure(address);
        void reply.header('www-authenticate', 'ApiKey header="x-api-key"');
        refuse(reply, problem(401, 'unauthorized', 'A valid x-api-key header is required'));
        return;
      }
    }
    const invalid = parameterProblems(request);
    if (invalid.length > 0) {
      refuse(
        reply,
        problem(
          422,
          'invalid-parameter',
          'The path or query parameters are not acceptable',
          invalid,
        ),
      );
      return;
    }
    const type = request.headers['content-type'];
    if (typeof type === 'string' && NDJSON.test(type) && !policy.ndjson) {
      refuse(reply, problem(415, 'unsupported-media-type', 'This route takes application/json'));
      return;
    }
    const limit =
      policy.ndjson && typeof type === 'string' && NDJSON.test(type)
        ? MAX_NDJSON_BYTES
        : MAX_BODY_BYTES;
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > limit) {
      refuse(reply, problem(413, 'body-too-large', `The body is over ${limit} bytes`));
      return;
    }
    done();
  });
}
