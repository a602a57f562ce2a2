import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'ops_session';

export interface Session {
  /** The operator's user name (OPS_CONSOLE_USERS). */
  user: string;
  /** Expiry, epoch milliseconds. */
  exp: number;
}

/**
 * Stateless sessions: the cookie is `<payload base64url>.<HMAC-SHA256>` with the session secret,
 * so any replica of the console accepts it and nothing is stored. The CSRF token of a session is
 * another HMAC of the same cookie value, checked on every form post.
 */
export class SessionCodec {
  constructor(
    private readonly secret: string,
    readonly ttlMs: number,
  ) {}

  issue(user: string, now = Date.now()): string {
    const payload = Buffer.from(JSON.stringify({ user, exp: now + this.ttlMs })).toString(
      'base64url',
    );
    return `${payload}.${this.mac('session', payload)}`;
  }

  read(cookie: string | undefined, now = Date.now()): Session | undefined {
    if (!cookie) return undefined;
    const [payload, mac] = cookie.split('.');
    if (!payload || !mac || !equal(mac, this.mac('session', payload))) return undefined;
    try {
      const session = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Session;
      return typeof session.user === 'string' && session.exp > now ? session : undefined;
    } catch {
      return undefined;
    }
  }

  csrfToken(cookie: string): string {
    return this.mac('csrf', cookie);
  }

  checkCsrf(cookie: string, token: unknown): boolean {
    return typeof token === 'string' && equal(token, this.csrfToken(cookie));
  }

  private mac(purpose: string, value: string): string {
    return createHmac('sha256', this.secret).update(`${purpose}:${value}`).digest('base64url');
  }
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The value of one cookie from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}
