import * as sut from './lib/profile';
import type { CpuProfile } from './lib/profile';

const frame = (id: number, functionName: string, url: string, lineNumber = 0) => ({
  id,
  callFrame: { functionName, url, lineNumber },
});

describe('CPU profile summary', () => {
  it('attributes code to npm packages (scoped too), the product’s apps and libs, and Node', () => {
    expect(sut.packageOf('file:///w/node_modules/typeorm/query-runner.js', 'query')).toBe(
      'typeorm',
    );
    expect(sut.packageOf('/w/node_modules/@nestjs/core/router.js', 'x')).toBe('@nestjs/core');
    expect(sut.packageOf('/w/dist/apps/inventory/src/main.js', 'x')).toBe('apps/inventory');
    expect(sut.packageOf('/w/dist/libs/platform/http/src/idempotency.js', 'x')).toBe(
      'libs/platform/http',
    );
    expect(sut.packageOf('/w/dist/libs/contracts/src/index.js', 'x')).toBe('libs/contracts');
    expect(sut.packageOf('node:internal/streams/readable', 'read')).toBe('node core');
    expect(sut.packageOf('', '(garbage collector)')).toBe('(garbage collector)');
  });

  it('sums self time per function and per package, leaving idle time out', () => {
    const profile: CpuProfile = {
      nodes: [
        frame(1, '(idle)', ''),
        frame(2, 'parse', '/w/node_modules/pg-protocol/dist/parser.js', 9),
        frame(3, 'validate', '/w/node_modules/class-validator/index.js'),
        frame(4, 'parseRow', '/w/node_modules/pg-protocol/dist/parser.js', 19),
      ],
      samples: [1, 2, 2, 3, 4, 1],
      timeDeltas: [5000, 1000, 1000, 1000, 1000, 9000],
    };
    const result = sut.summarizeProfile(profile);
    expect(result.totalMs).toBe(4);
    expect(result.byPackage).toEqual([
      { key: 'pg-protocol', selfMs: 3, share: 0.75 },
      { key: 'class-validator', selfMs: 1, share: 0.25 },
    ]);
    expect(result.byFunction[0]).toEqual({
      key: 'parse node_modules/pg-protocol/dist/parser.js:10',
      selfMs: 2,
      share: 0.5,
    });
  });

  it('charges native and Node core work (socket writes) to the package that called it', () => {
    const profile: CpuProfile = {
      nodes: [
        { ...frame(1, 'query', '/w/node_modules/pg/lib/client.js'), children: [2] },
        { ...frame(2, 'write', 'node:net'), children: [3] },
        frame(3, 'writev', ''),
        frame(4, '(garbage collector)', ''),
      ],
      samples: [3, 3, 1, 4],
      timeDeltas: [1000, 1000, 1000, 1000],
    };
    const result = sut.summarizeProfile(profile);
    expect(result.byPackage.map((p) => p.key)).toEqual(['(native)', 'pg', '(garbage collector)']);
    expect(result.byCaller).toEqual([
      { key: 'pg', selfMs: 3, share: 0.75 },
      { key: '(garbage collector)', selfMs: 1, share: 0.25 },
    ]);
  });

  it('keeps only the top entries', () => {
    const nodes = Array.from({ length: 5 }, (_, i) =>
      frame(i + 1, `f${i}`, `/w/node_modules/p${i}/a.js`),
    );
    const profile: CpuProfile = { nodes, samples: [1, 2, 3, 4, 5], timeDeltas: [1, 2, 3, 4, 5] };
    expect(sut.summarizeProfile(profile, 2).byPackage.map((p) => p.key)).toEqual(['p4', 'p3']);
  });
});
