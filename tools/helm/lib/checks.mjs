// Conventions the Kubernetes schemas cannot express: recommended labels, immutable selectors on
// name + instance only, probes on the health routes, resources, non-root and read-only root fs.
const NAME = 'app.kubernetes.io/name';
const INSTANCE = 'app.kubernetes.io/instance';
export const RECOMMENDED_LABELS = [
  NAME,
  INSTANCE,
  'app.kubernetes.io/version',
  'app.kubernetes.io/managed-by',
  'app.kubernetes.io/part-of',
  'helm.sh/chart',
];
const SELECTOR_KEYS = [NAME, INSTANCE].sort().join(',');
const SERVING = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
// A bare Pod is its own template: the `helm test` hook Pods.
const POD_OWNERS = new Set([...SERVING, 'Job', 'CronJob', 'Pod']);
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PROBE_PATHS = {
  startupProbe: '/health/live',
  livenessProbe: '/health/live',
  readinessProbe: '/health/ready',
};

const id = (o) => `${o.kind}/${o.metadata?.name}`;

function labelProblems(obj) {
  const labels = obj.metadata?.labels ?? {};
  const problems = RECOMMENDED_LABELS.filter((l) => !labels[l]).map((l) => `missing label ${l}`);
  for (const [k, v] of Object.entries(labels)) {
    if (String(v).length > 63) problems.push(`label ${k} value longer than 63 characters`);
  }
  return problems;
}

function nameProblems(obj) {
  const name = obj.metadata?.name ?? '';
  if (name.length > 63) return [`name longer than 63 characters (${name.length})`];
  if (!DNS_LABEL.test(name)) return [`name "${name}" is not a DNS-1123 label`];
  return [];
}

function selectorOf(obj) {
  switch (obj.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'PodDisruptionBudget':
      return { path: 'spec.selector', sel: obj.spec?.selector };
    case 'Service':
      return { path: 'spec.selector', sel: { matchLabels: obj.spec?.selector } };
    case 'NetworkPolicy':
      return { path: 'spec.podSelector', sel: obj.spec?.podSelector };
    case 'ServiceMonitor':
      return { path: 'spec.selector', sel: obj.spec?.selector };
    default:
      return null;
  }
}

// Selectors are immutable: anything beyond name + instance (a version, a chart label) breaks upgrades.
function selectorProblems(obj) {
  const s = selectorOf(obj);
  if (!s) return [];
  const keys = Object.keys(s.sel?.matchLabels ?? {})
    .sort()
    .join(',');
  const problems = [];
  if (keys !== SELECTOR_KEYS)
    problems.push(`${s.path} must use only ${NAME} and ${INSTANCE} (has: ${keys || 'none'})`);
  if (s.sel?.matchExpressions?.length) problems.push(`${s.path} must not use matchExpressions`);
  return problems;
}

function podTemplate(obj) {
  if (obj.kind === 'CronJob') return obj.spec?.jobTemplate?.spec?.template;
  if (obj.kind === 'Pod') return obj;
  return obj.spec?.template;
}

function probeProblems(c) {
  const problems = [];
  for (const [probe, path] of Object.entries(PROBE_PATHS)) {
    if (!c[probe]) problems.push(`container ${c.name}: missing ${probe}`);
    else if (c[probe].httpGet?.path !== path)
      problems.push(`container ${c.name}: ${probe} must GET ${path}`);
  }
  return problems;
}

function resourceProblems(c) {
  const r = c.resources ?? {};
  const missing = ['requests.cpu', 'requests.memory', 'limits.memory'].filter((p) => {
    const [group, key] = p.split('.');
    return r[group]?.[key] === undefined;
  });
  return missing.map((p) => `container ${c.name}: missing resources.${p}`);
}

function securityProblems(pod, c) {
  const podSc = pod.securityContext ?? {};
  const sc = c.securityContext ?? {};
  const problems = [];
  const nonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
  const uid = sc.runAsUser ?? podSc.runAsUser;
  if (nonRoot !== true) problems.push(`container ${c.name}: runAsNonRoot must be true`);
  if (uid === 0) problems.push(`container ${c.name}: runAsUser must not be 0`);
  if (sc.readOnlyRootFilesystem !== true)
    problems.push(`container ${c.name}: readOnlyRootFilesystem must be true`);
  if (sc.allowPrivilegeEscalation !== false)
    problems.push(`container ${c.name}: allowPrivilegeEscalation must be false`);
  return problems;
}

function workloadProblems(obj) {
  if (!POD_OWNERS.has(obj.kind)) return [];
  const template = podTemplate(obj);
  const pod = template?.spec ?? {};
  const podLabels = template?.metadata?.labels ?? {};
  const problems = RECOMMENDED_LABELS.filter((l) => !podLabels[l]).map(
    (l) => `pod template missing label ${l}`,
  );
  const selector = obj.spec?.selector?.matchLabels ?? {};
  for (const [k, v] of Object.entries(selector)) {
    if (podLabels[k] !== v) problems.push(`pod template label ${k} does not match the selector`);
  }
  const containers = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
  if (!pod.containers?.length) problems.push('no containers');
  for (const c of containers) {
    if (SERVING.has(obj.kind) && (pod.containers ?? []).includes(c))
      problems.push(...probeProblems(c));
    problems.push(...resourceProblems(c), ...securityProblems(pod, c));
  }
  return problems;
}

function hookProblems(obj) {
  const hook = obj.metadata?.annotations?.['helm.sh/hook'];
  if (!hook) return [];
  const policy = obj.metadata.annotations['helm.sh/hook-delete-policy'] ?? '';
  return policy.includes('before-hook-creation')
    ? []
    : ['hook without hook-delete-policy before-hook-creation'];
}

/** Convention problems of one rendered object, each prefixed with Kind/name. */
export function objectProblems(obj) {
  return [
    ...nameProblems(obj),
    ...labelProblems(obj),
    ...selectorProblems(obj),
    ...workloadProblems(obj),
    ...hookProblems(obj),
  ].map((p) => `${id(obj)}: ${p}`);
}

/** Problems that need the whole render: duplicates and every chart shipping its migration hook. */
export function manifestProblems(objects) {
  const seen = new Set();
  const problems = [];
  for (const o of objects) {
    const key = `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
    if (seen.has(key)) problems.push(`duplicate object ${key}`);
    seen.add(key);
  }
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  const hpaTargets = new Set(
    objects
      .filter((o) => o.kind === 'HorizontalPodAutoscaler')
      .map((o) => o.spec?.scaleTargetRef?.name),
  );
  for (const d of deployments) {
    if (hpaTargets.has(d.metadata.name) && d.spec?.replicas !== undefined) {
      problems.push(`Deployment/${d.metadata.name}: sets replicas although an HPA scales it`);
    }
  }
  return problems;
}
