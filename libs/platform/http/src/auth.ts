import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RequestContext } from '@retail/platform-observability';
import { ProblemException } from './problem';
import { withRoutePolicy } from './request-gate';

/**
 * Who is calling: an administrator, one channel, or another of our services (a `service` key,
 * accepted only on the routes one service calls on another).
 */
export type Principal =
  | { kind: 'admin' }
  | { kind: 'service' }
  | { kind: 'channel'; channel: string }
  /** The warehouse (WMS): fulfillment events and movements. */
  | { kind: 'wms' }
  /** The POS of one store: returns received and inspected there, movements of that location. */
  | { kind: 'store'; locationId: string };

/** The kinds of key a route may accept (`store` stands for every `store:<locationId>`). */
export type ScopeKind = Principal['kind'];
/** What a route may declare: kinds of key, or `public` (no key at all). */
export type RouteScope = ScopeKind | 'public';
/** Every kind of key, in the order routes list them. */
export const SCOPE_KINDS: readonly ScopeKind[] = ['admin', 'service', 'channel', 'wms', 'store'];

export const API_KEYS = Symbol('API_KEYS');
export type ApiKeyTable = ReadonlyMap<string, Principal>;

const ACCEPTED_SCOPES = 'retail:accepted-scopes';

/** The problem type of a key whose kind the route does not accept (403). */
export const WRONG_SCOPE = 'wrong-scope';

/**
 * The one way a route says who may call it (ADR 0022): exactly these kinds of key pass
 * ApiKeyGuard (any other key: 403 `wrong-scope`), and the same list is written into the
 * route's OpenAPI operation as `x-scopes`. `public` means no key at all (health, metrics,
 * HMAC-signed webhooks that check their own signature) and also tells the request gate, which
 * checks keys before a body is read. A route that declares nothing refuses every key:
 * declaring is not optional. On a controller it applies to every route; a route's own
 * declaration wins.
 */
export function Scopes(...scopes: RouteScope[]) {
  if (scopes.length === 0) throw new Error('@Scopes needs at least one scope');
  if (scopes.includes('public') && scopes.length > 1)
    throw new Error('@Scopes("public") stands alone: a public route takes no key');
  return applyDecorators(
    SetMetadata(ACCEPTED_SCOPES, scopes),
    ApiExtension('x-scopes', scopes),
    ...(scopes[0] === 'public' ? [withRoutePolicy({ public: true })] : []),
  );
}

/**
 * An action that takes no request body (POST/PUT/PATCH): written into the OpenAPI operation as
 * `x-request-body: none`, so the completeness check tells it from an undescribed body.
 */
export const NoRequestBody = () => ApiExtension('x-request-body', 'none');

/** No API key needed: `@Scopes('public')`. */
export const Public = () => Scopes('public');

/** The scopes a handler declares (its own, else its controller's), as the guard reads them. */
export function declaredScopes(
  reflector: Reflector,
  targets: Parameters<Reflector['getAllAndOverride']>[1],
): RouteScope[] | undefined {
  return reflector.getAllAndOverride<RouteScope[] | undefined>(ACCEPTED_SCOPES, targets);
}

/** The well-known development key: refused in production, whichever variable holds it. */
export const LOCAL_ADMIN_KEY = 'local-admin-key';
export const DEFAULT_LOCAL_KEYS = `${LOCAL_ADMIN_KEY}=admin`;

const SCOPES = 'admin, service, wms, channel:<name> or store:<locationId>';

function principalOf(scope: string): Principal | undefined {
  if (scope === 'admin') return { kind: 'admin' };
  if (scope === 'service') return { kind: 'service' };
  if (scope === 'wms') return { kind: 'wms' };
  if (/^channel:[a-z0-9-]+$/.test(scope)) return { kind: 'channel', channel: scope.slice(8) };
  if (/^store:[A-Za-z0-9._:-]{1,64}$/.test(scope))
    return { kind: 'store', locationId: scope.slice(6) };
  return undefined;
}

/**
 * Parses `key=admin,key2=service,key3=channel:shopify,key4=wms,key5=store:berlin-1`. Throws on
 * a malformed entry.
 */
export function parseApiKeys(spec: string): ApiKeyTable {
  const table = new Map<string, Principal>();
  for (const entry of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [key, scope] = entry.split('=').map((s) => s?.trim());
    if (!key || !scope) throw new Error(`RETAIL_API_KEYS entry "${entry}" is not key=scope`);
    const principal = principalOf(scope);
    if (!principal) throw new Error(`RETAIL_API_KEYS scope "${scope}" must be ${SCOPES}`);
    table.set(key, principal);
  }
  return table;
}

/** Resolves the API key table, falling back to the local admin key outside production. */
export function resolveApiKeys(
  spec: string | undefined,
  production: boolean,
  logger = new Logger('ApiKeys'),
): ApiKeyTable {
  if (spec) {
    const table = parseApiKeys(spec);
    if (production && table.has(LOCAL_ADMIN_KEY))
      throw new Error(`RETAIL_API_KEYS must not accept ${LOCAL_ADMIN_KEY} in production`);
    return table;
  }
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
    const declared = declaredScopes(this.reflector, [context.getHandler(), context.getClass()]);
    if (declared?.includes('public')) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const key = request.headers['x-api-key'];
    const principal = typeof key === 'string' ? this.keys.get(key) : undefined;
    if (!principal)
      throw new ProblemException(401, 'unauthorized', 'A valid x-api-key header is required');
    if (!declared?.includes(principal.kind)) {
      throw new ProblemException(
        403,
        WRONG_SCOPE,
        declared
          ? `This route accepts ${declared.join(', ')} keys, not ${principal.kind}`
          : 'This route declares no scopes and accepts no key',
      );
    }
    request.principal = principal;
    RequestContext.patch({ scope: principalId(principal) });
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

/**
 * A channel key may only act for its own channel (else 403); admin and service keys act for
 * any, and so do wms and store keys on the routes that accept them (their limit is a location:
 * see assertAtLocation).
 */
export function assertCanActFor(principal: Principal, channel: string): void {
  if (principal.kind === 'channel' && principal.channel !== channel) {
    throw new ProblemException(
      403,
      'forbidden',
      `This key may only act for channel "${principal.channel}"`,
    );
  }
}

/** A store key acts at its own location only (else 403); every other key at any location. */
export function assertAtLocation(principal: Principal, locationId: string | undefined): void {
  if (principal.kind === 'store' && principal.locationId !== locationId) {
    throw new ProblemException(
      403,
      'forbidden',
      `This key may only act at location "${principal.locationId}"`,
    );
  }
}

/** A stable identity for per-key state (idempotency, rate limits). */
export function principalId(principal: Principal): string {
  switch (principal.kind) {
    case 'admin':
    case 'service':
    case 'wms':
      return principal.kind;
    case 'channel':
      return `channel:${principal.channel}`;
    case 'store':
      return `store:${principal.locationId}`;
  }
}
