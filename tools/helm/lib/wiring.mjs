// Checks that a rendered platform is wired as tools/services.json says, independently of how the
// charts compute it. For every call "caller -> callee" in the roster:
//   - URL: the caller's <callee baseUrlEnv> names a rendered Service (name and port) that selects
//     the callee's pods and targets the port the callee listens on;
//   - key: the caller's SERVICE_API_KEY comes from a Secret (rendered, with that key, or named in
//     global.serviceKeys), and the callee's RETAIL_API_KEYS accepts that same Secret key with the
//     caller's keyScope (service, or admin for the operators' console);
//   - policy: a NetworkPolicy allows the caller's egress to the callee's pods on that port and one
//     allows the callee's ingress from the caller's pods;
// and no NetworkPolicy allows a call between two services that the roster does not list, and every
// service's pods are isolated (selected by a policy for Ingress and Egress).
import { readFileSync } from 'node:fs';

export const ROSTER = JSON.parse(
  readFileSync(new URL('../../services.json', import.meta.url), 'utf8'),
).services;

/** Strings a production render must never contain: the development key and loopback URLs. */
export const FORBIDDEN = ['local-admin-key', '127.0.0.1', 'localhost'];

/** Problems for forbidden strings anywhere in a rendered manifest. */
export function forbiddenStringProblems(manifest) {
  return FORBIDDEN.filter((s) => manifest.includes(s)).map(
    (s) => `rendered output contains "${s}" (a development default)`,
  );
}

const NAME = 'app.kubernetes.io/name';

function subset(selector = {}, labels = {}) {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function expressionMatches(e, labels) {
  const has = Object.prototype.hasOwnProperty.call(labels, e.key);
  switch (e.operator) {
    case 'In':
      return has && e.values.includes(labels[e.key]);
    case 'NotIn':
      return !has || !e.values.includes(labels[e.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** A LabelSelector against labels ({} selects everything). */
export function selects(selector, labels) {
  if (!selector) return false;
  return (
    subset(selector.matchLabels, labels) &&
    (selector.matchExpressions ?? []).every((e) => expressionMatches(e, labels))
  );
}

/** A NetworkPolicyPeer against a pod ({ labels, namespace }); ipBlocks are outside the cluster. */
function peerMatches(peer, pod, policyNamespace) {
  if (peer.ipBlock) return false;
  const nsOk = peer.namespaceSelector
    ? selects(peer.namespaceSelector, { 'kubernetes.io/metadata.name': pod.namespace })
    : pod.namespace === policyNamespace;
  const podOk = peer.podSelector ? selects(peer.podSelector, pod.labels) : true;
  return nsOk && podOk;
}

/** A NetworkPolicyPort list against the destination pod's container port. */
function portAllowed(ports, target) {
  if (!ports?.length) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== 'TCP') return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string') return p.port === target.name;
    return p.endPort ? p.port <= target.port && target.port <= p.endPort : p.port === target.port;
  });
}

// As the API defaults them: Ingress always, Egress when the policy has egress rules.
function policyTypes(np) {
  return np.spec?.policyTypes ?? ['Ingress', ...(np.spec?.egress ? ['Egress'] : [])];
}

function policiesFor(policies, pod, type) {
  return policies.filter(
    (np) =>
      (np.metadata.namespace ?? pod.namespace) === pod.namespace &&
      selects(np.spec?.podSelector ?? {}, pod.labels) &&
      policyTypes(np).includes(type),
  );
}

/** Would the NetworkPolicies let `from` open a connection to `to` on its container port? */
function allows(policies, from, to, target) {
  const rules = (np, type) => (type === 'Egress' ? np.spec.egress : np.spec.ingress) ?? [];
  const side = (pod, other, type, key) => {
    const selecting = policiesFor(policies, pod, type);
    if (!selecting.length) return { allowed: true, isolated: false };
    const allowed = selecting.some((np) =>
      rules(np, type).some(
        (r) =>
          (!r[key]?.length || r[key].some((p) => peerMatches(p, other, np.metadata.namespace))) &&
          portAllowed(r.ports, target),
      ),
    );
    return { allowed, isolated: true };
  };
  return { egress: side(from, to, 'Egress', 'to'), ingress: side(to, from, 'Ingress', 'from') };
}

/** name -> { deployment, pod: { labels, namespace }, container, env } for rendered roster services. */
function services(objects, namespace) {
  const configMaps = new Map(
    objects.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata.name, o.data ?? {}]),
  );
  const out = new Map();
  for (const d of objects.filter((o) => o.kind === 'Deployment')) {
    const labels = d.spec?.template?.metadata?.labels ?? {};
    const entry = ROSTER.find((s) => s.name === labels[NAME]);
    if (!entry) continue;
    const container = d.spec.template.spec.containers[0];
    const env = new Map();
    for (const from of container.envFrom ?? []) {
      const data = from.configMapRef ? configMaps.get(from.configMapRef.name) : undefined;
      for (const [k, v] of Object.entries(data ?? {})) env.set(k, { value: String(v) });
    }
    for (const e of container.env ?? []) env.set(e.name, e);
    const order = (container.env ?? []).map((e) => e.name);
    out.set(entry.name, {
      entry,
      pod: { labels, namespace: d.metadata.namespace ?? namespace },
      container,
      env,
      order,
    });
  }
  return out;
}

function containerPort(svc, targetPort) {
  const ports = svc.container.ports ?? [];
  const p =
    typeof targetPort === 'string'
      ? ports.find((x) => x.name === targetPort)
      : ports.find((x) => x.containerPort === targetPort);
  return p ? { name: p.name, port: p.containerPort } : undefined;
}

/** The callee's port as Kubernetes resolves the URL, or a problem. */
function resolveUrl(url, callee, objects, namespace) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return { problem: `is not a URL` };
  }
  const [host, ns = namespace, svcLabel] = u.hostname.split('.');
  if (svcLabel !== undefined && svcLabel !== 'svc')
    return { problem: 'is not a Service of the cluster' };
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const service = objects.find(
    (o) =>
      o.kind === 'Service' &&
      o.metadata.name === host &&
      (o.metadata.namespace ?? namespace) === ns,
  );
  if (!service) return { problem: `names no rendered Service (${host}.${ns})` };
  const sp = (service.spec?.ports ?? []).find((p) => p.port === port);
  if (!sp) return { problem: `names port ${port}, which Service ${host} does not serve` };
  if (!selects({ matchLabels: service.spec.selector ?? {} }, callee.pod.labels))
    return { problem: `names Service ${host}, which does not select ${callee.entry.name}'s pods` };
  const target = containerPort(callee, sp.targetPort ?? sp.port);
  if (!target)
    return {
      problem: `names Service ${host}, whose targetPort is no port of ${callee.entry.name}`,
    };
  return { target };
}

const refOf = (e) => e?.valueFrom?.secretKeyRef;
const sameRef = (a, b) => a && b && a.name === b.name && a.key === b.key;

/** The Secret keys RETAIL_API_KEYS accepts with `scope`, through $(VAR) expansion. */
function acceptedRefs(callee, scope) {
  const keys = callee.env.get('RETAIL_API_KEYS');
  if (typeof keys?.value !== 'string') return [];
  const at = callee.order.indexOf('RETAIL_API_KEYS');
  return keys.value
    .split(',')
    .map((entry) => entry.trim().match(/^\$\(([A-Za-z_][A-Za-z0-9_]*)\)=([a-z]+)$/))
    .filter((m) => m && m[2] === scope)
    .map(([, name]) => name)
    .filter((name) => callee.order.indexOf(name) > -1 && callee.order.indexOf(name) < at)
    .map((name) => refOf(callee.env.get(name)))
    .filter(Boolean);
}

function keyProblems(caller, callee, ctx) {
  const ref = refOf(caller.env.get('SERVICE_API_KEY'));
  if (!ref) return [`${caller.entry.name} has no SERVICE_API_KEY from a Secret`];
  const problems = [];
  const rendered = ctx.secrets.get(ref.name);
  if (rendered && !(ref.key in { ...rendered.data, ...rendered.stringData }))
    problems.push(`Secret ${ref.name} has no key ${ref.key}`);
  if (!rendered && !ctx.existingSecrets.includes(ref.name))
    problems.push(
      `SERVICE_API_KEY comes from Secret ${ref.name}, which is neither rendered nor an existing Secret of global.serviceKeys`,
    );
  const scope = caller.entry.keyScope ?? 'service';
  if (!acceptedRefs(callee, scope).some((r) => sameRef(r, ref)))
    problems.push(
      `RETAIL_API_KEYS of ${callee.entry.name} does not accept ${caller.entry.name}'s SERVICE_API_KEY (Secret ${ref.name}, key ${ref.key}) with scope ${scope}`,
    );
  return problems;
}

function policyProblems(policies, caller, callee, target) {
  const { egress, ingress } = allows(policies, caller.pod, callee.pod, target);
  const problems = [];
  if (!egress.allowed)
    problems.push(
      `no NetworkPolicy allows egress from ${caller.entry.name} to ${callee.entry.name} on port ${target.port}`,
    );
  if (!ingress.allowed)
    problems.push(
      `no NetworkPolicy allows ingress to ${callee.entry.name} from ${caller.entry.name} on port ${target.port}`,
    );
  return problems;
}

function edgeProblems(ctx, caller, calleeName) {
  const callee = ctx.services.get(calleeName);
  if (!callee) return [`${calleeName} is not rendered`];
  const envName = callee.entry.baseUrlEnv;
  const url = caller.env.get(envName)?.value;
  const problems = [];
  let target = containerPort(callee, 'http');
  if (typeof url !== 'string') problems.push(`${caller.entry.name} has no ${envName}`);
  else {
    const resolved = resolveUrl(url, callee, ctx.objects, ctx.namespace);
    if (resolved.problem) problems.push(`${envName} ${url} ${resolved.problem}`);
    else target = resolved.target;
  }
  problems.push(...keyProblems(caller, callee, ctx));
  if (target) problems.push(...policyProblems(ctx.policies, caller, callee, target));
  return problems;
}

// Calls the roster does not list must not be allowed by either side's policy.
function extraEdgeProblems(ctx) {
  const problems = [];
  for (const [a, from] of ctx.services) {
    for (const [b, to] of ctx.services) {
      if (a === b || (from.entry.calls ?? []).includes(b)) continue;
      const target = containerPort(to, 'http');
      if (!target) continue;
      const { egress, ingress } = allows(ctx.policies, from.pod, to.pod, target);
      if (egress.allowed || ingress.allowed)
        problems.push(
          `NetworkPolicy allows ${a} -> ${b} (${[egress.allowed && 'egress', ingress.allowed && 'ingress'].filter(Boolean).join(' and ')}), a call tools/services.json does not list`,
        );
    }
  }
  return problems;
}

// The release's NetworkPolicies: hook policies (the migration Job's) exist only while hooks run.
const releasePolicies = (objects) =>
  objects.filter((o) => o.kind === 'NetworkPolicy' && !o.metadata.annotations?.['helm.sh/hook']);

/**
 * Wiring problems of a rendered platform (objects of one `helm template`), [] when wired.
 * existingSecrets: the key Secrets the values reference (global.serviceKeys.*.existingSecret).
 */
export function wiringProblems(objects, { namespace = 'retail', existingSecrets = [] } = {}) {
  const ctx = {
    objects,
    namespace,
    existingSecrets,
    services: services(objects, namespace),
    policies: releasePolicies(objects),
    secrets: new Map(objects.filter((o) => o.kind === 'Secret').map((o) => [o.metadata.name, o])),
  };
  const problems = [];
  for (const [name, svc] of ctx.services) {
    for (const type of ['Ingress', 'Egress']) {
      if (!policiesFor(ctx.policies, svc.pod, type).length)
        problems.push(`${name}: no NetworkPolicy isolates its pods for ${type}`);
    }
    for (const callee of svc.entry.calls ?? []) {
      problems.push(...edgeProblems(ctx, svc, callee).map((p) => `${name} -> ${callee}: ${p}`));
    }
  }
  return [...problems, ...extraEdgeProblems(ctx)];
}

const isTestHook = (o) =>
  (o.metadata?.annotations?.['helm.sh/hook'] ?? '').split(',').includes('test');

/** One `helm test` Pod: it GETs /health/ready (READY_URL) of a rendered service, allowed by policy. */
function testPodProblems(ctx, pod) {
  const container = pod.spec?.containers?.[0];
  const url = (container?.env ?? []).find((e) => e.name === 'READY_URL')?.value;
  if (pod.spec?.restartPolicy !== 'Never') return ['restartPolicy must be Never'];
  if (typeof url !== 'string') return ['has no READY_URL env (the URL it checks)'];
  let u;
  try {
    u = new URL(url);
  } catch {
    return [`READY_URL ${url} is not a URL`];
  }
  if (u.pathname !== '/health/ready')
    return [`READY_URL ${url} is not the readiness route /health/ready`];
  const [host] = u.hostname.split('.');
  const service = ctx.objects.find((o) => o.kind === 'Service' && o.metadata.name === host);
  const callee = [...ctx.services.values()].find((s) =>
    selects({ matchLabels: service?.spec?.selector ?? {} }, s.pod.labels),
  );
  if (!service || !callee) return [`READY_URL ${url} names no rendered Service of a service`];
  const resolved = resolveUrl(url, callee, ctx.objects, ctx.namespace);
  if (resolved.problem) return [`READY_URL ${url} ${resolved.problem}`];
  const from = {
    labels: pod.metadata.labels ?? {},
    namespace: pod.metadata.namespace ?? ctx.namespace,
  };
  const { egress, ingress } = allows(ctx.policies, from, callee.pod, resolved.target);
  const problems = [];
  if (!egress.allowed)
    problems.push(
      `no NetworkPolicy allows its egress to ${callee.entry.name} on port ${resolved.target.port}`,
    );
  if (!ingress.allowed)
    problems.push(
      `no NetworkPolicy allows ingress to ${callee.entry.name} from it on port ${resolved.target.port}`,
    );
  return problems;
}

/**
 * Problems of the `helm test` hook Pods of a render (any chart, one service or the umbrella): each
 * GETs the readiness route of a rendered service through its Service, and the NetworkPolicies let
 * it (its own egress and the service's ingress). Security context and resources: checks.mjs.
 */
export function testHookProblems(objects, { namespace = 'retail' } = {}) {
  const ctx = {
    objects,
    namespace,
    services: services(objects, namespace),
    policies: releasePolicies(objects),
  };
  return objects
    .filter((o) => o.kind === 'Pod' && isTestHook(o))
    .flatMap((pod) =>
      testPodProblems(ctx, pod).map((p) => `Pod/${pod.metadata.name} (helm test): ${p}`),
    );
}

/** Every Ingress backend names a rendered Service and a port it serves; no path is routed twice. */
export function ingressProblems(objects) {
  const problems = [];
  for (const ing of objects.filter((o) => o.kind === 'Ingress')) {
    const seen = new Set();
    for (const rule of ing.spec?.rules ?? []) {
      for (const p of rule.http?.paths ?? []) {
        const route = `${rule.host ?? '*'}${p.path}`;
        if (seen.has(route))
          problems.push(`Ingress/${ing.metadata.name}: ${route} is routed twice`);
        seen.add(route);
        const { name, port } = p.backend?.service ?? {};
        const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === name);
        const served = (svc?.spec?.ports ?? []).some(
          (sp) => sp.port === port?.number || (port?.name && sp.name === port.name),
        );
        if (!svc)
          problems.push(
            `Ingress/${ing.metadata.name}: ${route} names no rendered Service (${name})`,
          );
        else if (!served)
          problems.push(
            `Ingress/${ing.metadata.name}: ${route} names port ${port?.number ?? port?.name}, which Service ${name} does not serve`,
          );
      }
    }
  }
  return problems;
}

/** The key Secrets a chart's values reference instead of generating them. */
export function existingKeySecrets(values) {
  return Object.values(values?.global?.serviceKeys ?? {})
    .map((k) => k?.existingSecret)
    .filter(Boolean);
}
