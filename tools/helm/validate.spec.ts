// Proves the offline chart validation (tools/helm/validate.mjs) passes on the real charts and
// fails, for the right reason, on broken values and broken templates. It spawns the validator and
// the Go renderer, so unlike other unit specs it does I/O.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');
const fixtures = join(__dirname, 'fixtures');
const rendererBin = join(__dirname, '.bin', 'helm-render');
const cluster = 'helm/retail-platform/ci/cluster-values.yaml';

interface Outcome {
  status: number | null;
  output: string;
}

function sut(...args: string[]): Outcome {
  const res = spawnSync(process.execPath, [join(__dirname, 'validate.mjs'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: res.status, output: `${res.stdout}\n${res.stderr}` };
}

function helmOnPath(): boolean {
  return spawnSync('helm', ['version'], { encoding: 'utf8' }).status === 0;
}

// Builds the renderer (installing Go + sprig with apt-get if needed). No helm and no renderer is
// a failure, never a skip: CI must not go green without having rendered anything.
function ensureRenderer(): void {
  if (process.env.RETAIL_HELM_RENDERER !== 'go' && helmOnPath()) return;
  const res = spawnSync('bash', [join(__dirname, 'install-deps.sh')], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (res.status !== 0 || !existsSync(rendererBin)) {
    throw new Error(
      `Cannot render charts: no helm binary on PATH and tools/helm/install-deps.sh failed ` +
        `(it needs apt-get packages golang-go, golang-github-masterminds-sprig-dev, ` +
        `golang-gopkg-yaml.v2-dev).\n${res.stdout}\n${res.stderr}`,
    );
  }
}

describe('helm chart validation (tools/helm/validate.mjs)', () => {
  beforeAll(() => ensureRenderer(), 600_000);

  it('passes every chart under helm/ with its CI values', () => {
    const { status, output } = sut();

    expect(output).toMatch(/0 failures/);
    expect(output).toMatch(
      /ok {3}retail-platform \[values\.yaml \+ helm\/retail-platform\/ci\/cluster-values\.yaml\]/,
    );
    expect(output).toMatch(
      /ok {3}order-ingestion \[values\.yaml \+ helm\/order-ingestion\/ci\/ci-values\.yaml\]/,
    );
    expect(status).toBe(0);
  }, 120_000);

  it('rejects a string replica count through the values schema, before rendering', () => {
    const { status, output } = sut(
      '--chart',
      'helm/order-ingestion',
      '--values',
      'helm/order-ingestion/ci/ci-values.yaml',
      '--values',
      join(fixtures, 'string-replica-count.values.yaml'),
    );

    expect(status).toBe(1);
    expect(output).toContain('schema: order-ingestion: values/replicaCount must be integer');
    expect(output).toMatch(/0 objects validated, 1 failures/);
  });

  it('rejects the same string replica count set through the umbrella chart', () => {
    const { status, output } = sut(
      '--chart',
      'helm/retail-platform',
      '--values',
      cluster,
      '--values',
      join(fixtures, 'umbrella-string-replicas.values.yaml'),
    );

    expect(status).toBe(1);
    expect(output).toContain(
      'order-ingestion (subchart) > order-ingestion: values/replicaCount must be integer',
    );
  });

  it('rejects a Deployment container without a readiness probe', () => {
    const { status, output } = sut('--chart', join(fixtures, 'charts', 'missing-probe'));

    expect(status).toBe(1);
    expect(output).toContain(
      'Deployment/retail-missing-probe: container app: missing readinessProbe',
    );
    expect(output).toMatch(/1 failures/);
  });

  it('rejects a selector that carries the version label', () => {
    const { status, output } = sut('--chart', join(fixtures, 'charts', 'version-selector'));

    expect(status).toBe(1);
    expect(output).toContain(
      'Deployment/retail-version-selector: spec.selector must use only app.kubernetes.io/name and app.kubernetes.io/instance',
    );
    expect(output).toMatch(/1 failures/);
  });

  it('rejects an object that breaks the Kubernetes schema', () => {
    const { status, output } = sut('--chart', join(fixtures, 'charts', 'invalid-object'));

    expect(status).toBe(1);
    expect(output).toContain(
      'Deployment/retail-invalid-object: schema: /spec/replicas must be integer',
    );
  });
});
