import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ApiKeyGuard,
  assertAtLocation,
  assertCanActFor,
  parseApiKeys,
  principalId,
  Public,
  resolveApiKeys,
  Scopes,
} from './auth';
import { ProblemException } from './problem';

class Routes {
  undeclared() {}
  @Scopes('admin', 'channel')
  open() {}
  @Scopes('admin')
  adminOnly() {}
  @Scopes('admin', 'channel', 'service')
  serviceCall() {}
  @Scopes('admin', 'service')
  adminOrService() {}
  @Scopes('admin', 'wms', 'store')
  warehouse() {}
  @Public()
  health() {}
}

function contextFor(handler: keyof Routes, key?: string): ExecutionContext {
  const request = { headers: key ? { 'x-api-key': key } : {} };
  return {
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

function statusOf(fn: () => unknown): number | 'passed' {
  try {
    fn();
    return 'passed';
  } catch (err) {
    if (err instanceof ProblemException) return err.status;
    throw err;
  }
}

describe('parseApiKeys', () => {
  it('reads admin, service and channel scopes', () => {
    const sut = parseApiKeys('a=admin, s=service ,c=channel:shopify');
    expect(sut.get('a')).toEqual({ kind: 'admin' });
    expect(sut.get('s')).toEqual({ kind: 'service' });
    expect(sut.get('c')).toEqual({ kind: 'channel', channel: 'shopify' });
  });

  it('names every accepted scope when one is unknown', () => {
    expect(() => parseApiKeys('k=root')).toThrow(
      'RETAIL_API_KEYS scope "root" must be admin, service, wms, channel:<name> or store:<locationId>',
    );
  });

  it('refuses an entry without a scope', () => {
    expect(() => parseApiKeys('k')).toThrow('is not key=scope');
  });
});

describe('resolveApiKeys', () => {
  const quiet = { warn: () => undefined } as never;

  it('falls back to the local admin key outside production', () => {
    expect(resolveApiKeys(undefined, false, quiet).get('local-admin-key')).toEqual({
      kind: 'admin',
    });
  });

  it('refuses to run in production without keys or with the local admin key', () => {
    expect(() => resolveApiKeys(undefined, true, quiet)).toThrow('must be set in production');
    expect(() => resolveApiKeys('k=service,local-admin-key=admin', true, quiet)).toThrow(
      'must not accept local-admin-key in production',
    );
    expect(resolveApiKeys('k=service', true, quiet).get('k')).toEqual({ kind: 'service' });
  });
});

describe('ApiKeyGuard', () => {
  const sut = new ApiKeyGuard(new Reflector(), parseApiKeys('a=admin,s=service,c=channel:shopify'));
  const check = (handler: keyof Routes, key?: string) =>
    statusOf(() => sut.canActivate(contextFor(handler, key)));

  it('answers 401 without a known key', () => {
    expect(check('open')).toBe(401);
    expect(check('open', 'nope')).toBe(401);
  });

  it('lets anyone in on a public route, and no key in on a route that declares nothing', () => {
    expect(check('health')).toBe('passed');
    for (const key of ['a', 's', 'c']) expect(check('undeclared', key)).toBe(403);
  });

  it('writes the declared scopes into the OpenAPI operation', () => {
    const ext = (name: keyof Routes) =>
      Reflect.getMetadata('swagger/apiExtension', Routes.prototype[name]);
    expect(ext('warehouse')).toEqual({ 'x-scopes': ['admin', 'wms', 'store'] });
    expect(ext('health')).toEqual({ 'x-scopes': ['public'] });
    expect(() => Scopes('public', 'admin')).toThrow();
    expect(() => Scopes()).toThrow();
  });

  it('lets a service key in only where a route allows it', () => {
    expect(check('open', 's')).toBe(403);
    expect(check('adminOnly', 's')).toBe(403);
    expect(check('serviceCall', 's')).toBe('passed');
    expect(check('adminOrService', 's')).toBe('passed');
  });

  it('keeps admin-only routes closed to channel keys, even when services may call them', () => {
    expect(check('adminOnly', 'c')).toBe(403);
    expect(check('adminOrService', 'c')).toBe(403);
    expect(check('adminOrService', 'a')).toBe('passed');
    expect(check('serviceCall', 'c')).toBe('passed');
  });
});

describe('wms and store keys', () => {
  const sut = new ApiKeyGuard(
    new Reflector(),
    parseApiKeys('a=admin,s=service,c=channel:shopify,w=wms,st=store:berlin-1'),
  );
  const check = (handler: keyof Routes, key?: string) =>
    statusOf(() => sut.canActivate(contextFor(handler, key)));

  it('parses wms and store:<locationId>', () => {
    expect(parseApiKeys('w=wms,st=store:berlin-1').get('st')).toEqual({
      kind: 'store',
      locationId: 'berlin-1',
    });
    expect(() => parseApiKeys('st=store:')).toThrow();
  });

  it('accepts exactly the declared scopes on a route that declares them', () => {
    expect(check('warehouse', 'a')).toBe('passed');
    expect(check('warehouse', 'w')).toBe('passed');
    expect(check('warehouse', 'st')).toBe('passed');
    expect(check('warehouse', 'c')).toBe(403);
    expect(check('warehouse', 's')).toBe(403);
  });

  it('refuses wms and store keys on every route that does not declare them', () => {
    for (const route of ['undeclared', 'open', 'adminOnly', 'serviceCall'] as const) {
      expect(check(route, 'w')).toBe(403);
      expect(check(route, 'st')).toBe(403);
    }
  });

  it('keeps a store key at its own location', () => {
    const store = { kind: 'store', locationId: 'berlin-1' } as const;
    expect(statusOf(() => assertAtLocation(store, 'berlin-1'))).toBe('passed');
    expect(statusOf(() => assertAtLocation(store, 'munich-2'))).toBe(403);
    expect(statusOf(() => assertAtLocation({ kind: 'wms' }, 'munich-2'))).toBe('passed');
    expect(principalId(store)).toBe('store:berlin-1');
  });
});

describe('service principal', () => {
  it('acts for any channel and is identified as service', () => {
    expect(statusOf(() => assertCanActFor({ kind: 'service' }, 'amazon'))).toBe('passed');
    expect(statusOf(() => assertCanActFor({ kind: 'channel', channel: 'shopify' }, 'amazon'))).toBe(
      403,
    );
    expect(principalId({ kind: 'service' })).toBe('service');
  });
});
