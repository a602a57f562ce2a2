import { PROBE_KINDS, scopeViolation } from './scope-walk';

const problem = (status: number, code: string) => ({
  status,
  body: { type: `https://retail-middleware.dev/problems/${code}`, status },
});
const ok = { status: 200, body: {} };

describe('scope walk judgement', () => {
  it('passes a route that accepts exactly what it declares', () => {
    const declared = ['admin', 'store'];
    const answers = {
      admin: ok,
      service: problem(403, 'wrong-scope'),
      channel: problem(403, 'wrong-scope'),
      wms: problem(403, 'wrong-scope'),
      // accepted by scope, refused for another location: still an accepted scope
      store: problem(403, 'forbidden'),
      none: problem(401, 'unauthorized'),
    };
    for (const kind of PROBE_KINDS)
      expect(scopeViolation(declared, kind, answers[kind])).toBeUndefined();
  });

  it('fails a wrong declaration: a route that accepts a scope it does not declare', () => {
    expect(scopeViolation(['admin'], 'channel', ok)).toMatch(/accepts channel/);
    expect(scopeViolation(['admin'], 'channel', problem(422, 'validation'))).toMatch(/accepts/);
    expect(scopeViolation(['admin', 'channel'], 'none', ok)).toMatch(/accepts none/);
  });

  it('fails a declaration the route does not honour, a missing one, and any 5xx', () => {
    expect(scopeViolation(['admin', 'wms'], 'wms', problem(403, 'wrong-scope'))).toMatch(
      /refuses wms/,
    );
    expect(scopeViolation(undefined, 'admin', ok)).toBe('declares no x-scopes');
    expect(scopeViolation([], 'admin', ok)).toBe('declares no x-scopes');
    expect(scopeViolation(['public'], 'none', { status: 500, body: {} })).toMatch(/500/);
  });

  it('lets a public route answer any caller as its own signature check decides', () => {
    expect(scopeViolation(['public'], 'none', problem(401, 'unauthorized'))).toBeUndefined();
    expect(scopeViolation(['public'], 'channel', ok)).toBeUndefined();
  });
});
