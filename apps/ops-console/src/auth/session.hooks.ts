import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleRequest } from './operator';
import { cookieValue, SESSION_COOKIE, SessionCodec } from './session';

/** Routes reachable without a session. */
const OPEN = [/^\/login$/, /^\/health\//, /^\/metrics$/, /^\/assets\//, /^\/favicon\.ico$/];

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

/**
 * Every page needs a session: without one a GET is sent to the login page (coming back after),
 * anything else is refused. Every form post carries the session's CSRF token; the session cookie
 * is HttpOnly and SameSite=Strict as well.
 */
export function registerSessionHooks(fastify: FastifyInstance, codec: SessionCodec): void {
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    void reply.headers(SECURITY_HEADERS);
    const path = request.url.split('?')[0];
    const cookie = cookieValue(request.headers.cookie, SESSION_COOKIE);
    const session = codec.read(cookie);
    if (session && cookie)
      (request as unknown as ConsoleRequest).operator = {
        user: session.user,
        csrf: codec.csrfToken(cookie),
      };
    if (session || OPEN.some((re) => re.test(path))) return;
    if (request.method === 'GET' || request.method === 'HEAD')
      return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    return reply.code(401).type('text/plain').send('Sign in first');
  });
  fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST' || request.url.split('?')[0] === '/login') return;
    const cookie = cookieValue(request.headers.cookie, SESSION_COOKIE)!;
    const token = (request.body as Record<string, unknown> | undefined)?._csrf;
    if (!codec.checkCsrf(cookie, token))
      return reply.code(403).type('text/plain').send('The form expired: reload the page');
  });
  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (typeof payload === 'string' && payload.startsWith('<!doctype html>')) {
      void reply.header('content-type', 'text/html; charset=utf-8');
      void reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}

/** The Set-Cookie value of a session (Secure in production, where TLS ends at the ingress). */
export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
