// JSON Schema (draft-07: understood by Helm 3 and 4 and by ajv) for the service charts' values.
// Every object is closed (additionalProperties: false) so a typo fails instead of being ignored.
import { readFileSync } from 'node:fs';

/** tools/services.json: the one list of the product's processes. */
const SERVICES_JSON = JSON.parse(
  readFileSync(new URL('../../services.json', import.meta.url), 'utf8'),
);
export const ROSTER = SERVICES_JSON.services;

/** The NODE_OPTIONS every process runs with (V8 heap limits, ADR 0052). */
export const NODE_OPTIONS = SERVICES_JSON.nodeOptions ?? '';

/** The variable a caller reads a service's base URL from, per service. */
export const BASE_URL_ENV = Object.fromEntries(
  ROSTER.filter((s) => s.baseUrlEnv).map((s) => [s.name, s.baseUrlEnv]),
);

/** ERP credentials per ERP_AUTH mode: keys of global.erp.existingSecret, named as the env. */
export const ERP_SECRET_KEYS = {
  none: [],
  tba: [
    'ERP_TBA_CONSUMER_KEY',
    'ERP_TBA_CONSUMER_SECRET',
    'ERP_TBA_TOKEN_ID',
    'ERP_TBA_TOKEN_SECRET',
  ],
  oauth2: ['ERP_OAUTH2_CLIENT_ID', 'ERP_OAUTH2_CERTIFICATE_ID', 'ERP_OAUTH2_PRIVATE_KEY'],
};

const str = { type: 'string' };
const bool = { type: 'boolean' };
const int = (minimum, maximum) => ({ type: 'integer', minimum, ...(maximum ? { maximum } : {}) });
const closed = (properties, required = Object.keys(properties)) => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});
const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const anyObject = { type: 'object' };
const anyObjects = { type: 'array', items: { type: 'object' } };
const httpUrl = { type: 'string', format: 'uri', pattern: '^https?://' };
const envName = '^[A-Z_][A-Z0-9_]*$';

// Kubernetes quantity, as a string ("100m", "512Mi") or a plain number.
const quantity = {
  oneOf: [
    {
      type: 'string',
      pattern: '^[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(m|k|Ki|Mi|Gi|Ti|Pi|Ei|M|G|T|P|E)?$',
    },
    { type: 'number', exclusiveMinimum: 0 },
  ],
};
const intOrPercent = {
  oneOf: [int(0), { type: 'string', pattern: '^[0-9]{1,3}%$' }],
};
const duration = { type: 'string', pattern: '^[0-9]+(ms|s|m|h)$' };

// Requests for CPU and memory, and a memory limit, are mandatory on every container.
const resources = closed(
  {
    requests: closed({ cpu: quantity, memory: quantity }),
    limits: closed({ cpu: quantity, memory: quantity }, ['memory']),
  },
  ['requests', 'limits'],
);

const probe = closed(
  {
    initialDelaySeconds: int(0),
    periodSeconds: int(1),
    timeoutSeconds: int(1),
    failureThreshold: int(1),
    successThreshold: int(1),
  },
  ['periodSeconds', 'timeoutSeconds', 'failureThreshold'],
);

const peer = closed(
  {
    namespace: { type: 'string', description: 'empty: the release namespace' },
    podLabels: { ...stringMap, minProperties: 1 },
    port: int(1, 65535),
  },
  ['namespace', 'podLabels'],
);

const egressRule = closed(
  {
    cidrs: { type: 'array', items: { type: 'string', pattern: '^[0-9a-fA-F:.]+/[0-9]{1,3}$' } },
    except: { type: 'array', items: { type: 'string', pattern: '^[0-9a-fA-F:.]+/[0-9]{1,3}$' } },
    ports: { type: 'array', minItems: 1, items: int(1, 65535) },
  },
  ['cidrs', 'ports'],
);

const secretRef = closed(
  { existingSecret: { ...str, minLength: 1 }, key: { ...str, minLength: 1 }, optional: bool },
  ['existingSecret', 'key'],
);

// Variables the library sets itself or reads from Secrets: never allowed in `env`, so a credential
// cannot end up in a ConfigMap by accident and the wiring between services cannot be bypassed.
export const RESERVED_ENV = [
  'DATABASE_URL',
  'NATS_URL',
  'RETAIL_API_KEYS',
  'RETAIL_API_KEYS_EXTERNAL',
  'SERVICE_API_KEY',
  'PORT',
  'NODE_ENV',
  'LOG_LEVEL',
  'DB_SCHEMA',
  'NATS_NAMESPACE',
  'MAX_DELIVER',
  'SHUTDOWN_GRACE_SECONDS',
  'ERP_KIND',
  'ERP_BASE_URL',
  'ERP_ACCOUNT_ID',
  'ERP_AUTH',
  'ERP_TIMEOUT_MS',
  'ERP_MAX_CONCURRENCY',
  'ERP_MAX_RPS',
  'ERP_NON_INVENTORY_ITEM_ID',
  'ERP_OAUTH2_SCOPES',
  ...ERP_SECRET_KEYS.tba,
  ...ERP_SECRET_KEYS.oauth2,
  'WMS_BASE_URL',
  'PAYMENTS_BASE_URL',
  'TAX_BASE_URL',
  ...Object.values(BASE_URL_ENV),
];

/**
 * What each chart adds to the library: its own ConfigMap env, the Secrets it reads, the external
 * systems it reaches (networkPolicy.externalEgress) and the back-office systems whose base URLs
 * (global.backOffice / global.erp) it needs. Port, schema and who calls whom come from the roster.
 */
export const CHARTS = {
  'order-ingestion': {
    env: {},
    secretEnv: ['SHOPIFY_WEBHOOK_SECRET', 'SQUARE_WEBHOOK_SIGNATURE_KEY'],
    egress: ['erp'],
    backOffice: ['erp'],
  },
  inventory: { env: {}, secretEnv: [], egress: ['erp', 'wms'], backOffice: ['erp', 'wms'] },
  returns: {
    env: {},
    secretEnv: [],
    egress: ['erp', 'wms', 'payments', 'tax'],
    backOffice: ['erp', 'wms', 'payments', 'tax'],
  },
  'master-data': {
    env: { MASTERDATA_ERP_SYNC_CRON: { type: 'string', pattern: '^(\\S+\\s+){4,5}\\S+$' } },
    secretEnv: [],
    egress: ['erp'],
    backOffice: ['erp'],
  },
  'channel-sync': { env: {}, secretEnv: [], egress: ['channels'], backOffice: [], channels: true },
  'ops-console': {
    env: { OPS_CONSOLE_SESSION_TTL_SECONDS: { type: 'string', pattern: '^[1-9][0-9]*$' } },
    secretEnv: ['OPS_CONSOLE_USERS', 'OPS_CONSOLE_SESSION_SECRET'],
    egress: [],
    backOffice: [],
  },
};

/** The roster's services (kind service), each with its chart's spec. */
export const SERVICES = Object.fromEntries(
  ROSTER.filter((s) => s.kind === 'service').map((s) => {
    if (!CHARTS[s.name])
      throw new Error(`${s.name} is a service in tools/services.json without an entry in CHARTS`);
    return [s.name, { ...s, ...CHARTS[s.name] }];
  }),
);

const backOfficeUrl = (system) => ({ ...closed({ baseUrl: httpUrl }), description: system });

function globalSchema(spec = { backOffice: [] }) {
  const uses = new Set(spec.backOffice);
  const erpSecret = {
    if: { properties: { auth: { enum: ['tba', 'oauth2'] } } },
    then: {
      required: ['existingSecret'],
      properties: { existingSecret: { ...str, minLength: 1 } },
    },
  };
  const erp = {
    ...closed(
      {
        kind: { type: 'string', minLength: 1 },
        baseUrl: uses.has('erp') ? httpUrl : str,
        accountId: str,
        auth: { enum: ['none', 'tba', 'oauth2'] },
        existingSecret: str,
        oauth2Scopes: str,
        timeoutMs: int(100),
        maxConcurrency: int(1, 1000),
        maxRps: { type: 'number', exclusiveMinimum: 0 },
        nonInventoryItemId: str,
      },
      [],
    ),
    ...(uses.has('erp') ? { ...erpSecret, required: ['baseUrl', 'auth'] } : {}),
  };
  const systems = ['wms', 'payments', 'tax'];
  return closed(
    {
      image: closed({ registry: str, tag: str }, []),
      imagePullSecrets: { type: 'array', items: str },
      database: closed({ existingSecret: str }, []),
      nats: closed(
        { url: { type: 'string', pattern: '^((nats|tls)://.+)?$' }, existingSecret: str },
        [],
      ),
      apiKeys: closed({ existingSecret: str }, []),
      serviceKeys: {
        type: 'object',
        description: 'per calling service: { existingSecret } holding SERVICE_API_KEY',
        propertyNames: { enum: ROSTER.filter((s) => s.calls?.length).map((s) => s.name) },
        additionalProperties: closed({ existingSecret: str }, []),
      },
      erp,
      backOffice: closed(
        Object.fromEntries(
          systems.map((s) => [s, uses.has(s) ? backOfficeUrl(s) : closed({ baseUrl: str }, [])]),
        ),
        systems.filter((s) => uses.has(s)),
      ),
    },
    ['erp', 'backOffice'],
  );
}

function envSchema(spec) {
  return {
    type: 'object',
    required: Object.keys(spec.env),
    properties: spec.env,
    propertyNames: { pattern: envName, not: { enum: RESERVED_ENV } },
    additionalProperties: { type: ['string', 'number', 'boolean'] },
  };
}

function secretEnvSchema(spec) {
  return {
    type: 'object',
    required: spec.secretEnv,
    properties: Object.fromEntries(spec.secretEnv.map((name) => [name, secretRef])),
    propertyNames: { pattern: envName, not: { enum: RESERVED_ENV } },
    additionalProperties: secretRef,
  };
}

function appSchema(spec) {
  return closed({
    name: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
    port: { const: spec.port, description: 'the roster port (tools/services.json)' },
    nodeEnv: { enum: ['production', 'development', 'test'] },
    logLevel: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
    maxDeliver: int(1, 100),
    shutdownGraceSeconds: int(0, 600),
    preStopSleepSeconds: int(0, 60),
  });
}

function connectionSchemas(spec) {
  return {
    database: closed({
      existingSecret: { ...str, minLength: 1 },
      secretKey: { ...str, minLength: 1 },
      schema: { type: 'string', pattern: '^[a-z_][a-z0-9_]{0,62}$', default: spec.schema },
    }),
    nats: closed({
      url: { type: 'string', pattern: '^(nats|tls)://.+' },
      existingSecret: str,
      secretKey: { ...str, minLength: 1 },
      namespace: { type: 'string', pattern: '^([a-z][a-z0-9]{0,15})?$' },
    }),
    apiKeys: closed({
      existingSecret: { ...str, minLength: 1 },
      secretKey: { ...str, minLength: 1 },
    }),
  };
}

function schedulingSchemas() {
  return {
    podSecurityContext: {
      type: 'object',
      required: ['runAsNonRoot'],
      properties: { runAsNonRoot: { const: true }, runAsUser: int(1) },
    },
    securityContext: {
      type: 'object',
      required: ['runAsNonRoot', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation'],
      properties: {
        runAsNonRoot: { const: true },
        runAsUser: int(1),
        readOnlyRootFilesystem: bool,
        allowPrivilegeEscalation: bool,
      },
    },
    tmpSizeLimit: quantity,
    podAnnotations: stringMap,
    podLabels: stringMap,
    nodeSelector: stringMap,
    tolerations: anyObjects,
    affinity: anyObject,
    topologySpreadConstraints: anyObjects,
    priorityClassName: str,
    serviceAccount: closed({
      create: bool,
      name: str,
      annotations: stringMap,
      automountServiceAccountToken: bool,
    }),
  };
}

function availabilitySchemas() {
  return {
    autoscaling: closed({
      enabled: bool,
      minReplicas: int(1),
      maxReplicas: int(1),
      targetCPUUtilizationPercentage: int(1, 100),
      targetMemoryUtilizationPercentage: { oneOf: [{ type: 'null' }, int(1, 100)] },
      scaleDownStabilizationSeconds: int(0, 3600),
    }),
    pdb: closed({
      enabled: bool,
      minAvailable: { oneOf: [{ type: 'null' }, intOrPercent] },
      maxUnavailable: intOrPercent,
    }),
    metrics: closed({
      serviceMonitor: closed({
        enabled: bool,
        namespace: str,
        labels: stringMap,
        interval: duration,
        scrapeTimeout: duration,
      }),
    }),
    tests: closed({ enabled: bool, attempts: int(1, 60), resources }),
    migration: closed({
      enabled: bool,
      hookWeight: { type: 'integer' },
      backoffLimit: int(0, 10),
      activeDeadlineSeconds: int(30),
      natsEgress: bool,
      resources,
    }),
  };
}

function networkPolicySchema(spec) {
  return closed({
    enabled: bool,
    ingress: closed({ from: anyObjects, metricsFrom: anyObjects }),
    dns: peer,
    nats: { ...peer, required: ['namespace', 'podLabels', 'port'] },
    postgres: { ...peer, required: ['namespace', 'podLabels', 'port'] },
    externalEgress: {
      type: 'object',
      required: spec.egress,
      properties: Object.fromEntries(spec.egress.map((name) => [name, egressRule])),
      propertyNames: { pattern: '^[a-z][a-z0-9-]*$' },
      additionalProperties: egressRule,
    },
    extraEgress: anyObjects,
  });
}

// Helm adds a block for every dependency, the library chart too, before it checks the schema.
const LIBRARY_BLOCK = {
  type: 'object',
  description: 'the library chart: Helm adds this block, nothing in it is read',
};

/** The strict values schema of one service chart. */
export function serviceSchema(chart, spec) {
  const properties = {
    enabled: { type: 'boolean', description: 'read by the umbrella chart condition' },
    global: globalSchema(spec),
    'retail-lib': LIBRARY_BLOCK,
    nameOverride: { type: 'string', maxLength: 63 },
    fullnameOverride: { type: 'string', maxLength: 63 },
    partOf: { type: 'string', minLength: 1 },
    commonLabels: stringMap,
    commonAnnotations: stringMap,
    replicaCount: int(1),
    revisionHistoryLimit: int(0),
    image: closed({
      registry: str,
      repository: { ...str, minLength: 1 },
      tag: str,
      digest: { type: 'string', pattern: '^(sha256:[a-f0-9]{64})?$' },
      pullPolicy: { enum: ['Always', 'IfNotPresent', 'Never'] },
    }),
    imagePullSecrets: { type: 'array', items: str },
    app: appSchema(spec),
    env: envSchema(spec),
    ...connectionSchemas(spec),
    secretEnv: secretEnvSchema(spec),
    // The Service listens on the roster's port, the one its callers' base URLs name.
    service: closed({ type: { enum: ['ClusterIP', 'NodePort', 'LoadBalancer'] } }),
    resources,
    probes: closed({ startup: probe, liveness: probe, readiness: probe }),
    ...schedulingSchemas(),
    ...availabilitySchemas(),
    networkPolicy: networkPolicySchema(spec),
    ...(spec.channels
      ? {
          channels: {
            ...closed({ existingSecret: { ...str, minLength: 1 } }),
            description: 'Secret with every channel base URL and credential, one env per key',
          },
        }
      : {}),
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `${chart} chart values`,
    ...closed(
      properties,
      Object.keys(properties).filter((k) => !['enabled', 'global'].includes(k)),
    ),
  };
}

// An Ingress host: a DNS name (required when the Ingress is rendered) and its TLS Secret.
const hostName = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const ingressHost = (extra = {}) =>
  closed({
    ...extra,
    host: { type: 'string', anyOf: [{ maxLength: 0 }, { pattern: hostName, maxLength: 253 }] },
    tlsSecretName: str,
    annotations: stringMap,
  });
const required = (path, key) => ({
  properties: {
    [path]: {
      type: 'object',
      required: [key],
      properties: { [key]: { type: 'string', minLength: 1 } },
    },
  },
});

/** ingress: the channels' and the console's Ingresses (umbrella). */
const ingressSchema = {
  ...closed({
    enabled: bool,
    className: str,
    annotations: stringMap,
    api: ingressHost(),
    console: ingressHost({ enabled: bool }),
  }),
  // The console's host is required by the template, only when ops-console is enabled too.
  if: { properties: { enabled: { const: true } } },
  then: required('api', 'host'),
};

/** The umbrella's own keys; each subchart's block is checked by that subchart's schema. */
export function umbrellaSchema(charts) {
  const sub = { type: 'object', properties: { enabled: bool } };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'retail-platform umbrella chart values',
    ...closed(
      {
        global: globalSchema(),
        'retail-lib': LIBRARY_BLOCK,
        ...Object.fromEntries(charts.map((c) => [c, sub])),
        ingress: ingressSchema,
      },
      ['global', 'ingress'],
    ),
  };
}
