// The monitoring assets check (tools/helm/lib/deploy-assets.mjs): gauges every replica reports
// alike (computed from a table or a stream) must be aggregated with max, not summed, or one dead
// letter raises one alert per replica. Runs the .mjs module in a child Node (it is ESM).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');

jest.setTimeout(60_000);

/** The problems validateDeployAssets finds in `root` (a repository-like folder). */
function problemsIn(root: string): string[] {
  const script = `
    import { validateDeployAssets } from ${JSON.stringify(join(__dirname, 'lib/deploy-assets.mjs'))};
    const { problems } = await validateDeployAssets(${JSON.stringify(root)});
    process.stdout.write(JSON.stringify(problems));`;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(res.stderr);
  return JSON.parse(res.stdout);
}

function rule(expr: string): string {
  return `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: test-rules
spec:
  groups:
    - name: test
      rules:
        - alert: TestDeadLetters
          expr: ${expr}
          labels:
            severity: warning
          annotations:
            summary: dead letters
            runbook_url: docs/runbooks/platform.md
`;
}

describe('deploy/ monitoring assets', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'deploy-assets-'));
    mkdirSync(join(root, 'deploy', 'prometheus'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes the repository: alerts and dashboards aggregate replicated gauges with max', () => {
    expect(problemsIn(repoRoot)).toEqual([]);
  });

  it('fails an alert that sums a table-derived gauge across replicas', () => {
    writeFileSync(
      join(root, 'deploy/prometheus/rules.yaml'),
      rule('sum by (namespace, job) (retail_dlq_messages) > 0'),
    );
    expect(problemsIn(root)).toEqual([
      'rules.yaml: alert TestDeadLetters: sum over retail_dlq_messages counts it once per replica: aggregate with max',
    ]);
  });

  it('accepts max, and a sum over per-series maxima or over counters', () => {
    const expr =
      'sum by (namespace) (max by (namespace, stream) (retail_dlq_messages)) > 0 or ' +
      'sum by (namespace) (increase(retail_messages_dead_lettered_total[15m])) > 0';
    writeFileSync(join(root, 'deploy/prometheus/rules.yaml'), rule(`'${expr}'`));
    expect(problemsIn(root)).toEqual([]);
  });
});
