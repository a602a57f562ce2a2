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
 * accepted only on the routes one service calls on another: see AllowService).
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

export const API_KEYS = Symbol('API_KEYS');
export type ApiKeyTable = ReadonlyMap<string, Principal>;

const IS_PUBLIC = 'retail:public';
const REQUIRED_SCOPE = 'retail:scope';
const ALLOW_SERVICE = 'retail:allow-service';
const ACCEPTED_SCOPES = 'retail:accepted-scopes';

/**
 * No API key needed (health, metrics, HMAC-signed webhooks that check their own signature).
 * Also tells the request gate, which checks keys before a body is read.
 */
export const Public = () =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), withRoutePolicy({ public: true }));
/** Only an `admin` key may call this route. */
export const RequireAdmin = () => SetMetadata(REQUIRED_SCOPE, 'admin');
/**
 * A `service` key (another of our services) may call this route, acting for any channel. Every
 * other route refuses service keys with 403. With RequireAdmin: admin or service keys only.
 */
export const AllowService = () => SetMetadata(ALLOW_SERVICE, true);

/**
 * The kinds of key this route accepts, exactly (any other key: 403), also written into its
 * OpenAPI operation as `x-scopes`. Routes that declare nothing keep the default: admin and
 * channel keys (admin only with RequireAdmin, plus service with AllowService); `wms` and
 * `store:<locationId>` keys are accepted only where a route declares them.
 */
export const Scopes = (...kinds: ScopeKind[]) =>
  applyDecorators(SetMetadata(ACCEPTED_SCOPES, kinds), ApiExtension('x-scopes', kinds));

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
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const key = request.headers['x-api-key'];
    const principal = typeof key === 'string' ? this.keys.get(key) : undefined;
    if (!principal)
      throw new ProblemException(401, 'unauthorized', 'A valid x-api-key header is required');
    this.assertScope(principal, targets);
    request.principal = principal;
    RequestContext.patch({ scope: principalId(principal) });
    return true;
  }

  private assertScope(
    principal: Principal,
    targets: Parameters<Reflector['getAllAndOverride']>[1],
  ) {
    const declared = this.reflector.getAllAndOverride<ScopeKind[] | undefined>(
      ACCEPTED_SCOPES,
      targets,
    );
    if (declared) {
      if (declared.includes(principal.kind)) return;
      throw new ProblemException(
        403,
        'forbidden',
        `This route accepts ${declared.join(', ')} keys, not ${principal.kind}`,
      );
    }
    if (principal.kind === 'wms' || principal.kind === 'store') {
      throw new ProblemException(
        403,
        'forbidden',
        `This route does not accept a ${principal.kind} key`,
      );
    }
    if (principal.kind === 'service') {
      if (this.reflector.getAllAndOverride<boolean>(ALLOW_SERVICE, targets)) return;
      throw new ProblemException(403, 'forbidden', 'This route does not accept a service key');
    }
    const scope = this.reflector.getAllAndOverride<string>(REQUIRED_SCOPE, targets);
    if (scope === 'admin' && principal.kind !== 'admin') {
      throw new ProblemException(403, 'forbidden', 'This route needs an admin key');
    }
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
