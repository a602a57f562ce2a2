// Schema validation of rendered objects with kubernetes-models (the Kubernetes OpenAPI schemas,
// checked by ajv) and @kubernetes-models/prometheus-operator for the monitoring CRDs.
const MODULES = {
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
};
const cache = new Map();

async function moduleFor(apiVersion) {
  const spec = MODULES[apiVersion] ?? `kubernetes-models/${apiVersion}`;
  if (!cache.has(spec))
    cache.set(
      spec,
      import(spec).catch(() => null),
    );
  return cache.get(spec);
}

/** Schema errors of one object ([] when valid). Unknown apiVersion/kind is an error. */
export async function kubeSchemaErrors(obj) {
  const mod = await moduleFor(obj.apiVersion);
  const Model = mod?.[obj.kind];
  if (typeof Model !== 'function') return [`no schema for ${obj.apiVersion} ${obj.kind}`];
  try {
    new Model(obj).validate();
    return [];
  } catch (err) {
    const details = err.errors ?? err.details;
    if (Array.isArray(details) && details.length) {
      return [...new Set(details.map((e) => `${e.instancePath || '/'} ${e.message}`))];
    }
    return [err.message];
  }
}
