// Values as Helm computes them (defaults coalesced with -f files, subchart blocks with globals)
// and their validation against each chart's values.schema.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Helm's coalesce: overrides win, maps merge recursively, null deletes the key. */
export function coalesce(overrides, defaults) {
  const out = structuredClone(defaults ?? {});
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value === null) delete out[key];
    else if (isMap(value) && isMap(out[key])) out[key] = coalesce(value, out[key]);
    else out[key] = structuredClone(value);
  }
  return out;
}

export function readYamlFile(file) {
  const doc = YAML.parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
  return doc.toJS() ?? {};
}

/** The chart directories (those with a Chart.yaml) under helmDir, sorted. */
export function chartDirs(helmDir) {
  return readdirSync(helmDir)
    .map((d) => join(helmDir, d))
    .filter((d) => existsSync(join(d, 'Chart.yaml')))
    .sort();
}

export function loadChart(dir) {
  const meta = readYamlFile(join(dir, 'Chart.yaml'));
  const valuesFile = join(dir, 'values.yaml');
  const schemaFile = join(dir, 'values.schema.json');
  return {
    dir,
    meta,
    name: meta.name,
    type: meta.type ?? 'application',
    defaults: existsSync(valuesFile) ? readYamlFile(valuesFile) : {},
    schema: existsSync(schemaFile) ? JSON.parse(readFileSync(schemaFile, 'utf8')) : null,
    dependencies: (meta.dependencies ?? []).map((d) => ({
      ...d,
      key: d.alias ?? d.name,
      dir: d.repository?.startsWith('file://') ? join(dir, d.repository.slice(7)) : null,
    })),
  };
}

/** The chart's values for the given -f files (later files win), with `global` always present. */
export function computeValues(chart, files) {
  const user = files.reduce((acc, f) => coalesce(readYamlFile(f), acc), {});
  const values = coalesce(user, chart.defaults);
  values.global ??= {};
  return withDependencyBlocks(chart, values);
}

// Helm gives every enabled dependency, library charts included, a block under its name in the
// parent's values before it checks the parent's schema: a closed schema must allow it.
function withDependencyBlocks(chart, values) {
  for (const dep of chart.dependencies) {
    if (conditionEnabled(values, dep.condition) && !isMap(values[dep.key])) values[dep.key] = {};
  }
  return values;
}

function conditionEnabled(values, condition) {
  for (const path of (condition ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const v = path.split('.').reduce((cur, k) => (isMap(cur) ? cur[k] : undefined), values);
    if (typeof v === 'boolean') return v;
  }
  return true;
}

/** Enabled application subcharts with the values Helm would give them. */
export function subcharts(chart, values) {
  return chart.dependencies
    .filter((d) => d.dir && conditionEnabled(values, d.condition))
    .map((d) => ({ dep: d, chart: loadChart(d.dir) }))
    .filter(({ chart: sub }) => sub.type !== 'library')
    .map(({ dep, chart: sub }) => {
      const subValues = coalesce(values[dep.key] ?? {}, sub.defaults);
      subValues.global = coalesce(values.global ?? {}, subValues.global ?? {});
      return { key: dep.key, chart: sub, values: withDependencyBlocks(sub, subValues) };
    });
}

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const compiled = new Map();

function schemaErrors(schema, values, schemaId) {
  if (!compiled.has(schemaId)) compiled.set(schemaId, ajv.compile(schema));
  const validate = compiled.get(schemaId);
  if (validate(values)) return [];
  return validate.errors
    .filter((e) => !e.schemaPath.endsWith('/propertyNames/not'))
    .map((e) => `${e.instancePath || '/'} ${e.message}${paramsHint(e)}`);
}

function paramsHint(e) {
  if (e.keyword === 'additionalProperties') return ` (${e.params.additionalProperty})`;
  if (e.keyword === 'propertyNames')
    return ` ("${e.params.propertyName}": wrong pattern or a reserved name)`;
  if (e.keyword === 'enum') return ` (${e.params.allowedValues.join(', ')})`;
  return '';
}

/** Schema problems of a chart and of each enabled subchart, as Helm checks them before rendering. */
export function validateValues(chart, values) {
  const problems = [];
  if (!chart.schema) problems.push(`${chart.name}: values.schema.json is missing`);
  else
    problems.push(
      ...schemaErrors(chart.schema, values, chart.dir).map((m) => `${chart.name}: values${m}`),
    );
  for (const sub of subcharts(chart, values)) {
    problems.push(
      ...validateValues(sub.chart, sub.values).map((m) => `${sub.key} (subchart) > ${m}`),
    );
  }
  return problems;
}
