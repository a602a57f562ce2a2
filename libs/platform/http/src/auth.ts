import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { RequestContext } from '@retail/platform-observability';
import { ProblemException } from './problem';

/** Who is calling: an administrator or one channel. */
export type Principal = { kind: 'admin' } | { kind: 'channel'; channel: string };

export const API_KEYS = Symbol('API_KEYS');
export type ApiKeyTable = ReadonlyMap<string, Principal>;

const IS_PUBLIC = 'retail:public';
const REQUIRED_SCOPE = 'retail:scope';

/** No API key needed (health, metrics, HMAC-signed webhooks that check their own signature). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only an `admin` key may call this route. */
export const RequireAdmin = () => SetMetadata(REQUIRED_SCOPE, 'admin');

export const DEFAULT_LOCAL_KEYS = 'local-admin-key=admin';

/** Parses `key=admin,key2=channel:shopify`. Throws on a malformed entry. */
export function parseApiKeys(spec: string): ApiKeyTable {
  const table = new Map<string, Principal>();
  for (const entry of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [key, scope] = entry.split('=').map((s) => s?.trim());
    if (!key || !scope) throw new Error(`RETAIL_API_KEYS entry "${entry}" is not key=scope`);
    if (scope === 'admin') table.set(key, { kind: 'admin' });
    else if (/^channel:[a-z0-9-]+$/.test(scope))
      table.set(key, { kind: 'channel', channel: scope.slice(8) });
    else throw new Error(`RETAIL_API_KEYS scope "${scope}" must be admin or channel:<name>`);
  }
  return table;
}

/** Resolves the API key table, falling back to the local admin key outside production. */
export function resolveApiKeys(
  spec: string | undefined,
  production: boolean,
  logger = new Logger('ApiKeys'),
): ApiKeyTable {
  if (spec) return parseApiKeys(spec);
  if (production) throw new Error('RETAIL_API_KEYS must be set in production');
  logger.warn(
    'RETAIL_API_KEYS is unset: accepting local-admin-key=admin (never do this in production)',
  );
  return parseApiKeys(DEFAULT_LOCAL_KEYS);
}

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_KEYS) private readonly keys: ApiKeyTable,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const key = request.headers['x-api-key'];
    const principal = typeof key === 'string' ? this.keys.get(key) : undefined;
    if (!principal)
      throw new ProblemException(401, 'unauthorized', 'A valid x-api-key header is required');
    const scope = this.reflector.getAllAndOverride<string>(REQUIRED_SCOPE, targets);
    if (scope === 'admin' && principal.kind !== 'admin') {
      throw new ProblemException(403, 'forbidden', 'This route needs an admin key');
    }
    request.principal = principal;
    RequestContext.patch({
      scope: principal.kind === 'admin' ? 'admin' : `channel:${principal.channel}`,
    });
    return true;
  }
}

/** The calling principal, as resolved by ApiKeyGuard. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Principal => {
    const request = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
    return request.principal ?? { kind: 'admin' };
  },
);

/** A channel key may only act for its own channel: anything else is 403. */
export function assertCanActFor(principal: Principal, channel: string): void {
  if (principal.kind === 'channel' && principal.channel !== channel) {
    throw new ProblemException(
      403,
      'forbidden',
      `This key may only act for channel "${principal.channel}"`,
    );
  }
}

/** A stable identity for per-key state (idempotency, rate limits). */
export function principalId(principal: Principal): string {
  return principal.kind === 'admin' ? 'admin' : `channel:${principal.channel}`;
}
