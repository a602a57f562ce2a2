// Proves the offline chart validation (tools/helm/validate.mjs) passes on the real charts and
// fails, for the right reason, on broken values and broken templates. It spawns the validator and
// the Go renderer, so unlike other unit specs it does I/O.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';

const repoRoot = join(__dirname, '..', '..');
const fixtures = join(__dirname, 'fixtures');
const rendererBin = join(__dirname, '.bin', 'helm-render');
const cluster = 'helm/retail-platform/ci/cluster-values.yaml';

// Every case spawns the validator or the renderer: seconds each on a busy machine.
jest.setTimeout(120_000);

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

// The cluster values with one broken values file on top, through validate.mjs.
const withCluster = (fixture: string) =>
  sut('--chart', 'helm/retail-platform', '--values', cluster, '--values', join(fixtures, fixture));

function helmOnPath(): boolean {
  return spawnSync('helm', ['version'], { encoding: 'utf8' }).status === 0;
}

// The objects tools/helm/render.mjs renders with these arguments (CHART -f VALUES... --cluster F).
function render(...args: string[]): any[] {
  const res = spawnSync(process.execPath, [join(__dirname, 'render.mjs'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (res.status !== 0) throw new Error(`render failed: ${res.stderr}`);
  return YAML.parseAllDocuments(res.stdout)
    .map((d) => d.toJS())
    .filter((o) => !!o);
}

// Builds the renderer (installing Go + sprig with apt-get if needed). No helm and no renderer is
// a failure, never a skip: CI must not go green without having rendered anything. `lookup` against
// existing objects needs the offline renderer even where helm is installed (requireGo).
function ensureRenderer(requireGo = false): void {
  if (!requireGo && process.env.RETAIL_HELM_RENDERER !== 'go' && helmOnPath()) return;
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
    const { status, output } = withCluster('umbrella-string-replicas.values.yaml');

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

  it('rejects a helm test Pod whose root filesystem is writable, as it does the Deployment', () => {
    const { status, output } = sut(
      '--chart',
      'helm/inventory',
      '--values',
      'helm/inventory/ci/ci-values.yaml',
      '--values',
      join(fixtures, 'writable-root.values.yaml'),
    );

    expect(status).toBe(1);
    expect(output).toContain(
      'Pod/retail-inventory-test: container ready: readOnlyRootFilesystem must be true',
    );
    expect(output).toContain(
      'Deployment/retail-inventory: container inventory: readOnlyRootFilesystem must be true',
    );
  });

  it('rejects an object that breaks the Kubernetes schema', () => {
    const { status, output } = sut('--chart', join(fixtures, 'charts', 'invalid-object'));

    expect(status).toBe(1);
    expect(output).toContain(
      'Deployment/retail-invalid-object: schema: /spec/replicas must be integer',
    );
  });
});

// The wiring of tools/services.json in the umbrella's render. Values cannot break what the library
// computes (base URLs, keys, policies), so those cases break the rendered manifest of the cluster
// values and check it with tools/helm/check-wiring.mjs; the rest go through validate.mjs.
describe('platform wiring (tools/helm/lib/wiring.mjs)', () => {
  let rendered: Obj[] = [];
  beforeAll(() => {
    ensureRenderer(true);
    rendered = renderOnce();
  }, 600_000);

  type Obj = {
    kind: string;
    metadata: { name: string };
    data?: Record<string, string>;
    spec?: any;
  };

  const renderCluster = (): Obj[] => structuredClone(rendered);

  // The cluster values' render; with `existing`, lookup finds those objects (an upgrade).
  function renderOnce(existing?: Obj[]): Obj[] {
    const args = ['helm/retail-platform', '-f', cluster];
    if (existing) {
      const file = join(mkdtempSync(join(tmpdir(), 'retail-helm-')), 'cluster.yaml');
      writeFileSync(file, existing.map((o) => `---\n${YAML.stringify(o)}`).join(''));
      args.push('--cluster', file);
    }
    return render(...args) as Obj[];
  }

  const serviceKeys = (objects: Obj[]) =>
    Object.fromEntries(
      objects
        .filter((o) => o.kind === 'Secret' && o.metadata.name.endsWith('-service-key'))
        .map((o) => [o.metadata.name, o.data?.SERVICE_API_KEY]),
    );

  function checkWiring(objects: Obj[]): Outcome {
    const manifest = objects.map((o) => `---\n${YAML.stringify(o)}`).join('');
    const res = spawnSync(process.execPath, [join(__dirname, 'check-wiring.mjs'), '-'], {
      cwd: repoRoot,
      input: manifest,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: res.status, output: `${res.stdout}\n${res.stderr}` };
  }

  function find(objects: Obj[], kind: string, name: string): Obj {
    const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
    if (!o) throw new Error(`${kind}/${name} is not rendered`);
    return o;
  }

  type Env = { name: string; value?: string; valueFrom?: unknown }[];
  const containerEnv = (objects: Obj[], deployment: string): Env =>
    find(objects, 'Deployment', deployment).spec.template.spec.containers[0].env;

  type Rule = Record<'to' | 'from', { podSelector?: { matchLabels?: Record<string, string> } }[]>;
  // Removes the rule of a NetworkPolicy that names the pods of one service.
  function dropRule(objects: Obj[], policy: string, side: 'egress' | 'ingress', peer: string) {
    const spec = find(objects, 'NetworkPolicy', policy).spec;
    const key = side === 'egress' ? 'to' : 'from';
    spec[side] = spec[side].filter(
      (r: Rule) => r[key]?.[0]?.podSelector?.matchLabels?.['app.kubernetes.io/name'] !== peer,
    );
  }

  // The cluster values with one broken values file on top, through validate.mjs.
  const withCluster = (fixture: string) =>
    sut(
      '--chart',
      'helm/retail-platform',
      '--values',
      cluster,
      '--values',
      join(fixtures, fixture),
    );

  const problems = (output: string) => output.split('\n').filter((l) => l.startsWith('wiring: '));

  it('renders every service of the roster from the one cluster values file', () => {
    const roster = JSON.parse(readFileSync(join(repoRoot, 'tools', 'services.json'), 'utf8'))
      .services as { name: string; kind: string }[];
    const deployments = rendered.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name);

    expect(deployments.sort()).toEqual(
      roster
        .filter((s) => s.kind === 'service')
        .map((s) => `retail-${s.name}`)
        .sort(),
    );
  });

  it("gives every service the roster's heap limits as NODE_OPTIONS (ADR 0052)", () => {
    const { services, nodeOptions } = JSON.parse(
      readFileSync(join(repoRoot, 'tools', 'services.json'), 'utf8'),
    ) as { services: { name: string; kind: string }[]; nodeOptions: string };
    expect(nodeOptions).toMatch(/--max-old-space-size=\d+/);
    for (const s of services.filter((x) => x.kind === 'service'))
      expect([
        s.name,
        find(rendered, 'ConfigMap', `retail-${s.name}-config`).data?.NODE_OPTIONS,
      ]).toEqual([s.name, nodeOptions]);
  });

  it('keeps every generated service key on an upgrade and generates new ones on a new install', () => {
    const first = serviceKeys(rendered);
    const upgrade = serviceKeys(renderOnce(rendered));
    const fresh = serviceKeys(renderOnce());

    expect(Object.keys(first).sort()).toEqual([
      'retail-channel-sync-service-key',
      'retail-inventory-service-key',
      'retail-ops-console-service-key',
      'retail-order-ingestion-service-key',
      'retail-returns-service-key',
    ]);
    Object.values(first).forEach((key) =>
      expect(Buffer.from(key!, 'base64').toString()).toMatch(/^[A-Za-z0-9]{48}$/),
    );
    expect(upgrade).toEqual(first);
    Object.entries(fresh).forEach(([name, key]) => expect(key).not.toEqual(first[name]));
  });

  it('finds every roster call wired in the cluster values: URL, key, both policies', () => {
    const { status, output } = checkWiring(renderCluster());

    expect(output).toMatch(/wiring: ok \(\d+ objects\)/);
    expect(status).toBe(0);
  });

  describe('helm test hooks', () => {
    const roster = JSON.parse(readFileSync(join(repoRoot, 'tools', 'services.json'), 'utf8'))
      .services as { name: string; kind: string; port: number }[];
    const services = roster.filter((s) => s.kind === 'service');
    const testPods = (objects: Obj[]) =>
      objects.filter(
        (o) => o.kind === 'Pod' && (o as any).metadata.annotations?.['helm.sh/hook'] === 'test',
      );
    const readyUrl = (pod: Obj) =>
      pod.spec.containers[0].env.find((e: { name: string }) => e.name === 'READY_URL').value;
    const podSpec = (objects: Obj[], deployment: string) =>
      find(objects, 'Deployment', deployment).spec.template.spec;

    it.each(services.map((s) => [s.name, s.port]))(
      '%s renders one test Pod that GETs /health/ready on its own Service and port %i',
      (name, port) => {
        const objects = render(`helm/${name}`, '-f', `helm/${name}/ci/ci-values.yaml`) as Obj[];
        const pods = testPods(objects);

        expect(pods.map((p) => p.metadata.name)).toEqual([`retail-${name}-test`]);
        expect(readyUrl(pods[0])).toBe(`http://retail-${name}:${port}/health/ready`);
        expect(find(objects, 'Service', `retail-${name}`).spec.ports[0].port).toBe(port);
        // The Deployment's security contexts, resources of its own, never a restart.
        const deployment = podSpec(objects, `retail-${name}`);
        expect(pods[0].spec.securityContext).toEqual(deployment.securityContext);
        expect(pods[0].spec.containers[0].securityContext).toEqual(
          deployment.containers[0].securityContext,
        );
        expect(pods[0].spec.containers[0].resources.limits.memory).toBeDefined();
        expect(pods[0].spec.restartPolicy).toBe('Never');
      },
    );

    it('renders one test Pod per service in the umbrella, each let through by the policies', () => {
      const pods = testPods(rendered);

      expect(pods.map((p) => readyUrl(p)).sort()).toEqual(
        services.map((s) => `http://retail-${s.name}:${s.port}/health/ready`).sort(),
      );
      services.forEach((s) => find(rendered, 'NetworkPolicy', `retail-${s.name}-test`));
      expect(checkWiring(renderCluster()).status).toBe(0);
    });

    it("fails when the service's NetworkPolicy does not admit its test Pod", () => {
      const objects = renderCluster();
      dropRule(objects, 'retail-returns', 'ingress', 'returns-test');

      const { status, output } = checkWiring(objects);

      expect(status).toBe(1);
      expect(problems(output)).toEqual([
        'wiring: Pod/retail-returns-test (helm test): no NetworkPolicy allows ingress to returns from it on port 3003',
      ]);
    });

    it("fails when the test Pod's own NetworkPolicy does not let it reach the service", () => {
      const objects = renderCluster();
      dropRule(objects, 'retail-inventory-test', 'egress', 'inventory');

      const { status, output } = checkWiring(objects);

      expect(status).toBe(1);
      expect(problems(output)).toEqual([
        'wiring: Pod/retail-inventory-test (helm test): no NetworkPolicy allows its egress to inventory on port 3002',
      ]);
    });

    it('fails when a test Pod checks another route or a port its Service does not serve', () => {
      const objects = renderCluster();
      const env = (pod: string) =>
        find(objects, 'Pod', pod).spec.containers[0].env.find(
          (e: { name: string }) => e.name === 'READY_URL',
        );
      env('retail-master-data-test').value = 'http://retail-master-data:3004/health/live';
      env('retail-channel-sync-test').value = 'http://retail-channel-sync:8080/health/ready';

      const { status, output } = checkWiring(objects);

      expect(status).toBe(1);
      expect(problems(output)).toEqual([
        'wiring: Pod/retail-channel-sync-test (helm test): READY_URL http://retail-channel-sync:8080/health/ready names port 8080, which Service retail-channel-sync does not serve',
        'wiring: Pod/retail-master-data-test (helm test): READY_URL http://retail-master-data:3004/health/live is not the readiness route /health/ready',
      ]);
    });
  });

  describe('Ingress (umbrella, ingress.enabled)', () => {
    type Path = { path: string; backend: { service: { name: string; port: { number: number } } } };
    const ingresses = (objects: Obj[]) => objects.filter((o) => o.kind === 'Ingress');
    const paths = (ing: Obj): Path[] => ing.spec.rules[0].http.paths;
    // The Ingress API's Prefix match: whole path elements; the longest matching prefix wins.
    function route(ing: Obj, path: string): string | undefined {
      const elements = (p: string) => p.split('/').filter(Boolean);
      const matches = paths(ing).filter((p) => {
        const prefix = elements(p.path);
        return prefix.every((e, i) => elements(path)[i] === e);
      });
      matches.sort((x, y) => y.path.length - x.path.length);
      const svc = matches[0]?.backend.service;
      return svc && `${svc.name}:${svc.port.number}`;
    }
    const routes = (service: string) =>
      Object.keys(
        JSON.parse(readFileSync(join(repoRoot, 'docs', 'api', `${service}.openapi.json`), 'utf8'))
          .paths,
      ).map((p) => p.replace(/\{[^}]+\}/g, 'x'));
    // Every service serves these; they stay inside the cluster.
    const perService = (p: string) => p.startsWith('/v1/ops/') || p.startsWith('/v1/auth/');

    let on: Obj[] = [];
    beforeAll(() => {
      on = render(
        'helm/retail-platform',
        '-f',
        cluster,
        '-f',
        join(fixtures, 'ingress.values.yaml'),
      );
    });

    it('renders no Ingress by default', () => {
      expect(ingresses(rendered)).toEqual([]);
    });

    it("renders the channels' and the console's Ingress with host, TLS, class and annotations", () => {
      const [api, console] = ['retail-api', 'retail-console'].map((n) => find(on, 'Ingress', n));

      expect(ingresses(on)).toHaveLength(2);
      expect(api.spec.ingressClassName).toBe('nginx');
      expect(api.spec.rules[0].host).toBe('api.retail.example.com');
      expect(api.spec.tls).toEqual([
        { hosts: ['api.retail.example.com'], secretName: 'retail-api-tls' },
      ]);
      // Shared annotations, the Ingress's own winning.
      expect((api as any).metadata.annotations).toEqual({
        'cert-manager.io/cluster-issuer': 'letsencrypt',
        'nginx.ingress.kubernetes.io/proxy-body-size': '8m',
      });
      expect((console as any).metadata.annotations).toEqual({
        'cert-manager.io/cluster-issuer': 'letsencrypt',
        'nginx.ingress.kubernetes.io/proxy-body-size': '1m',
      });
      expect(console.spec.tls).toEqual([
        { hosts: ['ops.retail.example.com'], secretName: 'retail-ops-tls' },
      ]);
      expect(paths(console)).toEqual([
        {
          path: '/',
          pathType: 'Prefix',
          backend: { service: { name: 'retail-ops-console', port: { number: 3000 } } },
        },
      ]);
      expect(checkWiring(structuredClone(on)).status).toBe(0);
    });

    it.each([
      ['order-ingestion', 3001],
      ['inventory', 3002],
      ['returns', 3003],
      ['channel-sync', 3005],
    ])('routes every webhook and /v1 route of %s (docs/api) to it, on port %i', (service, port) => {
      const api = find(on, 'Ingress', 'retail-api');
      const served = routes(service).filter((p) => !perService(p));

      expect(served.length).toBeGreaterThan(0);
      served.forEach((p) => expect([p, route(api, p)]).toEqual([p, `retail-${service}:${port}`]));
    });

    it('routes nothing of master-data and none of the per-service operator routes', () => {
      const api = find(on, 'Ingress', 'retail-api');
      const unrouted = [...routes('master-data'), ...routes('inventory').filter(perService)];

      unrouted.forEach((p) => expect([p, route(api, p)]).toEqual([p, undefined]));
    });

    it('leaves out the routes of disabled services and the console without ops-console', () => {
      const core = render(
        'helm/retail-platform',
        '-f',
        'helm/retail-platform/ci/core-only-values.yaml',
      ) as Obj[];

      expect(ingresses(core).map((i) => i.metadata.name)).toEqual(['retail-api']);
      const backends = new Set(paths(ingresses(core)[0]).map((p) => p.backend.service.name));
      expect([...backends].sort()).toEqual(['retail-inventory', 'retail-order-ingestion']);
    });

    it('refuses ingress.enabled without the host the channels call', () => {
      const { status, output } = withCluster('ingress-no-host.values.yaml');

      expect(status).toBe(1);
      expect(output).toContain(
        'schema: retail-platform: values/ingress/api/host must NOT have fewer than 1 characters',
      );
    });

    it('fails when an Ingress backend names a port its Service does not serve', () => {
      const objects = structuredClone(on);
      paths(find(objects, 'Ingress', 'retail-api')).find(
        (p) => p.path === '/v1/returns',
      )!.backend.service.port.number = 80;

      const { status, output } = checkWiring(objects);

      expect(status).toBe(1);
      expect(problems(output)).toEqual([
        'wiring: Ingress/retail-api: api.retail.example.com/v1/returns names port 80, which Service retail-returns does not serve',
      ]);
    });
  });

  it('fails when a caller base URL names a port its callee Service does not serve', () => {
    const objects = renderCluster();
    find(objects, 'ConfigMap', 'retail-order-ingestion-config').data!.INVENTORY_BASE_URL =
      'http://retail-inventory:80';

    const { status, output } = checkWiring(objects);

    expect(status).toBe(1);
    expect(problems(output)).toEqual([
      'wiring: order-ingestion -> inventory: INVENTORY_BASE_URL http://retail-inventory:80 names port 80, which Service retail-inventory does not serve',
    ]);
  });

  it("fails when a callee's RETAIL_API_KEYS does not accept its caller's key", () => {
    const objects = renderCluster();
    const keys = containerEnv(objects, 'retail-inventory').find(
      (e) => e.name === 'RETAIL_API_KEYS',
    )!;
    keys.value = keys.value!.replace(',$(RETAIL_CALLER_KEY_RETURNS)=service', '');

    const { status, output } = checkWiring(objects);

    expect(status).toBe(1);
    expect(problems(output)).toEqual([
      "wiring: returns -> inventory: RETAIL_API_KEYS of inventory does not accept returns's SERVICE_API_KEY (Secret retail-returns-service-key, key SERVICE_API_KEY) with scope service",
    ]);
  });

  it('fails when a caller takes SERVICE_API_KEY from anywhere but a Secret', () => {
    const objects = renderCluster();
    Object.assign(
      containerEnv(objects, 'retail-channel-sync').find((e) => e.name === 'SERVICE_API_KEY')!,
      {
        value: 'a-literal-key',
        valueFrom: undefined,
      },
    );

    const { status, output } = checkWiring(objects);

    expect(status).toBe(1);
    expect(problems(output)).toEqual([
      'wiring: channel-sync -> order-ingestion: channel-sync has no SERVICE_API_KEY from a Secret',
    ]);
  });

  it("fails when a caller's key Secret is neither rendered nor referenced in the values", () => {
    const objects = renderCluster().filter(
      (o) => !(o.kind === 'Secret' && o.metadata.name === 'retail-returns-service-key'),
    );

    const { status, output } = checkWiring(objects);

    expect(status).toBe(1);
    expect(problems(output)).toEqual(
      ['order-ingestion', 'inventory'].map(
        (callee) =>
          `wiring: returns -> ${callee}: SERVICE_API_KEY comes from Secret retail-returns-service-key, which is neither rendered nor an existing Secret of global.serviceKeys`,
      ),
    );
  });

  it("fails when the caller's NetworkPolicy does not allow egress to its callee", () => {
    const objects = renderCluster();
    dropRule(objects, 'retail-returns', 'egress', 'order-ingestion');

    const { status, output } = checkWiring(objects);

    expect(status).toBe(1);
    expect(problems(output)).toEqual([
      'wiring: returns -> order-ingestion: no NetworkPolicy allows egress from returns to order-ingestion on port 3001',
    ]);
  });

  it("fails when the callee's NetworkPolicy does not allow ingress from its caller", () => {
    const objects = renderCluster();
    dropRule(objects, 'retail-order-ingestion', 'ingress', 'channel-sync');

    const { status, output } = checkWiring(objects);

    expect(status).toBe(1);
    expect(problems(output)).toEqual([
      'wiring: channel-sync -> order-ingestion: no NetworkPolicy allows ingress to order-ingestion from channel-sync on port 3001',
    ]);
  });

  it('fails when a service is not isolated by any NetworkPolicy', () => {
    const objects = renderCluster().filter(
      (o) => !(o.kind === 'NetworkPolicy' && o.metadata.name === 'retail-inventory'),
    );

    const { status, output } = checkWiring(objects);

    expect(status).toBe(1);
    expect(output).toContain('wiring: inventory: no NetworkPolicy isolates its pods for Ingress');
    expect(output).toContain(
      'wiring: NetworkPolicy allows master-data -> inventory (ingress), a call tools/services.json does not list',
    );
  });

  it('fails when values open a service to calls the roster does not list', () => {
    const { status, output } = withCluster('open-ingress.values.yaml');

    expect(status).toBe(1);
    expect(output).toContain(
      'wiring: NetworkPolicy allows channel-sync -> inventory (ingress), a call tools/services.json does not list',
    );
    expect(output).toContain(
      'wiring: NetworkPolicy allows master-data -> inventory (ingress), a call tools/services.json does not list',
    );
    expect(output).toMatch(/, 2 failures/);
  });

  it('fails when a callee Service is renamed away from the release-based name', () => {
    const { status, output } = withCluster('renamed-callee.values.yaml');

    expect(status).toBe(1);
    expect(output).toContain(
      'wiring: order-ingestion -> inventory: INVENTORY_BASE_URL http://retail-inventory:3002 names no rendered Service (retail-inventory.retail)',
    );
    expect(output).toContain(
      'wiring: returns -> inventory: INVENTORY_BASE_URL http://retail-inventory:3002 names no rendered Service (retail-inventory.retail)',
    );
  });

  it('fails on development defaults: a loopback base URL and the local admin key', () => {
    const { status, output } = withCluster('dev-defaults.values.yaml');

    expect(status).toBe(1);
    expect(output).toContain('rendered output contains "local-admin-key" (a development default)');
    expect(output).toContain('rendered output contains "127.0.0.1" (a development default)');
  });

  it('refuses to render a caller whose callee is disabled', () => {
    const { status, output } = withCluster('disabled-callee.values.yaml');

    expect(status).toBe(1);
    expect(output).toContain(
      'order-ingestion calls master-data (tools/services.json), which is disabled: enable master-data or disable order-ingestion',
    );
  });

  it('refuses the umbrella without the back office of a cluster: URLs, ERP credentials', () => {
    const { status, output } = sut(
      '--chart',
      'helm/retail-platform',
      '--values',
      join(fixtures, 'no-cluster.values.yaml'),
    );

    expect(status).toBe(1);
    expect(output).toContain(
      'returns (subchart) > returns: values/global/backOffice/tax/baseUrl must match pattern "^https?://"',
    );
    expect(output).toContain(
      'order-ingestion (subchart) > order-ingestion: values/global/erp/baseUrl must match pattern "^https?://"',
    );
    expect(output).toContain(
      'master-data (subchart) > master-data: values/global/erp/existingSecret must NOT have fewer than 1 characters',
    );
  });
});
