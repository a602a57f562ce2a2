// The chart READMEs (tools/helm/readme.mjs): generated from values.yaml's `# --` comments, committed,
// and refused when out of date or when a value has no description. Spawns the .mjs script (ESM).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');
const fixtures = join(__dirname, 'fixtures', 'charts');

jest.setTimeout(60_000);

function sut(...args: string[]): { status: number | null; output: string } {
  const res = spawnSync(process.execPath, [join(__dirname, 'readme.mjs'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: res.status, output: `${res.stdout}\n${res.stderr}` };
}

describe('chart READMEs (tools/helm/readme.mjs)', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'retail-readme-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  // A copy of a real chart, so the committed one is never touched.
  function copyChart(name: string): string {
    const dir = join(work, name);
    cpSync(join(repoRoot, 'helm', name), dir, { recursive: true });
    return dir;
  }

  it('finds every committed README up to date and every value described', () => {
    const { status, output } = sut('--check');

    expect(output).toContain('readme: 8 chart READMEs up to date');
    expect(status).toBe(0);
  });

  it('fails on a value without a description, and only on that one', () => {
    const { status, output } = sut('--check', join(fixtures, 'undescribed-value'));

    expect(status).toBe(1);
    const missing = output.split('\n').filter((l) => l.includes('has no "# --" description'));
    expect(missing).toEqual([
      'readme: tools/helm/fixtures/charts/undescribed-value/values.yaml: image.tag has no "# --" description',
    ]);
  });

  it('refuses to write READMEs while a value has no description', () => {
    const dir = join(work, 'undescribed-value');
    cpSync(join(fixtures, 'undescribed-value'), dir, { recursive: true });

    const { status } = sut(dir);

    expect(status).toBe(1);
    expect(() => readFileSync(join(dir, 'README.md'))).toThrow(/ENOENT/);
  });

  it('fails when values.yaml changed after the README was generated, and passes once regenerated', () => {
    const dir = copyChart('inventory');
    const values = join(dir, 'values.yaml');
    writeFileSync(
      values,
      readFileSync(values, 'utf8').replace(
        '# -- Old ReplicaSets kept for `kubectl rollout undo`.',
        '# -- Old ReplicaSets to keep.',
      ),
    );

    const stale = sut('--check', dir);
    expect(stale.status).toBe(1);
    expect(stale.output).toMatch(/inventory\/README\.md: out of date, run npm run docs:charts/);

    expect(sut(dir).status).toBe(0);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).toMatch(
      /\| `revisionHistoryLimit` +\| int +\| `5` +\| Old ReplicaSets to keep\. +\|/,
    );
    expect(sut('--check', dir).status).toBe(0);
  });

  it('documents a map as a whole, a section key by key, and continued comment lines', () => {
    const dir = copyChart('inventory');
    sut(dir);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    const row = (key: string) => readme.split('\n').find((l) => l.startsWith(`| \`${key}\` `));

    // Documented as a whole: one row with the whole default, no rows for its keys.
    expect(row('resources')).toContain(
      '`{"requests":{"cpu":"100m","memory":"192Mi"},"limits":{"cpu":"1","memory":"512Mi"}}`',
    );
    expect(row('resources.requests')).toBeUndefined();
    // A section: its own row without a default, then its keys.
    expect(row('autoscaling')).toMatch(
      /^\| `autoscaling` +\| object +\| +\| HorizontalPodAutoscaler/,
    );
    expect(row('autoscaling.maxReplicas')).toMatch(/\| int +\| `6` +\| Most replicas\. +\|$/);
    // A description continued on the next comment lines is one sentence.
    expect(row('global.erp.existingSecret')).toContain(
      'ERP_TBA_CONSUMER_KEY, ERP_TBA_CONSUMER_SECRET, ERP_TBA_TOKEN_ID',
    );
  });
});
