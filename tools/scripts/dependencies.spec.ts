import depcheck from 'depcheck';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

/**
 * The manifest tells the truth about the code: every package the code imports is declared (not
 * reached through another package's dependencies), and every production dependency is used.
 * Dev dependencies are not checked for use: several are invoked by name only (nx, tsc-alias,
 * openapi-typescript from a test).
 */
describe('package.json dependencies (depcheck)', () => {
  let result: depcheck.Results;

  beforeAll(async () => {
    result = await depcheck(root, {
      ignorePatterns: ['dist', 'bench/results', '.data', 'coverage', '.nx'],
      // The workspace's own libraries, resolved through tsconfig paths.
      ignoreMatches: ['@retail/*'],
    });
  }, 60_000);

  it('declares every package the code imports', () => {
    const missing = Object.fromEntries(
      Object.entries(result.missing).map(([name, files]) => [
        name,
        files.slice(0, 3).map((f) => f.replace(`${root}/`, '')),
      ]),
    );
    expect(missing).toEqual({});
  });

  it('uses every production dependency', () => {
    expect(result.dependencies).toEqual([]);
    expect(Object.keys(manifest.dependencies).length).toBeGreaterThan(10);
  });
});
