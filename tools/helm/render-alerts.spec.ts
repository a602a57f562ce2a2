// tools/helm/render-alerts.mjs: the committed alert rules with absolute runbook links. Runs the
// .mjs CLI in a child Node (it is ESM), as an operator would.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

const repoRoot = join(__dirname, '..', '..');
const render = (...args: string[]) =>
  spawnSync(process.execPath, [join(__dirname, 'render-alerts.mjs'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
const runbookUrls = (yaml: string): string[] =>
  (
    YAML.parse(yaml).spec.groups as Array<{
      rules: Array<{ annotations?: Record<string, string> }>;
    }>
  )
    .flatMap((g) => g.rules)
    .map((r) => r.annotations?.runbook_url)
    .filter((u): u is string => typeof u === 'string');

describe('render-alerts: runbook links from a configurable base', () => {
  const source = readFileSync(join(repoRoot, 'deploy/prometheus/retail-alerts.yaml'), 'utf8');

  it('makes every runbook_url absolute under the base, one per alert, each naming a runbook that exists', () => {
    const res = render('--runbook-base', 'https://git.example.com/acme/retail/blob/v1.4.0');
    expect(res.status).toBe(0);
    const before = runbookUrls(source);
    const after = runbookUrls(res.stdout);
    expect(after).toHaveLength(before.length);
    expect(before.length).toBeGreaterThan(20);
    const base = 'https://git.example.com/acme/retail/blob/v1.4.0/';
    expect(after).toEqual(before.map((u) => `${base}${u}`));
    for (const url of after.filter((u) => !u.includes('{{'))) {
      expect(existsSync(join(repoRoot, url.slice(base.length)))).toBe(true);
    }
  });

  it("sets the ruleSelector's release label when asked, and keeps the rules otherwise", () => {
    const res = render('--runbook-base', 'https://docs.example.com/', '--release-label', 'prom');
    const rendered = YAML.parse(res.stdout);
    const original = YAML.parse(source);
    expect(rendered.metadata.labels.release).toBe('prom');
    const strip = (doc: any) =>
      doc.spec.groups.map((g: any) =>
        g.rules.map((r: any) => ({ ...r, annotations: { ...r.annotations, runbook_url: 0 } })),
      );
    expect(strip(rendered)).toEqual(strip(original));
  });

  it('refuses a base that is not an absolute http(s) URL, with one clear line', () => {
    for (const base of ['docs/', 'file:///srv/docs/']) {
      const res = render('--runbook-base', base);
      expect(res.status).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(/--runbook-base must be an (absolute|http\(s\)) URL/);
    }
  });
});
