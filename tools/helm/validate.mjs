#!/usr/bin/env node
// Offline chart validation for CI (no helm binary, no cluster needed):
//   for every chart under helm/ and each of its values files (values.yaml alone, then each
//   ci/*.yaml on top of it): values against values.schema.json (the subcharts' too) -> render
//   (`helm template` if helm is on PATH, else tools/helm/.bin/helm-render) -> parse every document
//   -> kubernetes-models schema validation -> conventions (labels, selectors, probes, resources,
//   non-root) -> no development defaults (local-admin-key, loopback URLs) -> `helm test` Pods that
//   GET /health/ready of a rendered service, allowed by the NetworkPolicies -> Ingress backends that
//   name rendered Services and ports -> for the umbrella, the
//   wiring of tools/services.json (lib/wiring.mjs). Exits 1 with the list of failures.
//
// Usage: node tools/helm/validate.mjs [--chart DIR]... [--values FILE]...
//   --chart   validate only these charts (default: every chart under helm/)
//   --values  validate with exactly these values files instead of values.yaml + ci/*.yaml
// Env: RETAIL_HELM_RENDERER=go|helm forces the renderer.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestProblems, objectProblems } from './lib/checks.mjs';
import { validateDeployAssets } from './lib/deploy-assets.mjs';
import { kubeSchemaErrors } from './lib/kube.mjs';
import { parseManifest } from './lib/manifest.mjs';
import { pickRenderer, renderChart } from './lib/render.mjs';
import { chartDirs, computeValues, loadChart, validateValues } from './lib/values.mjs';
import {
  existingKeySecrets,
  forbiddenStringProblems,
  ingressProblems,
  ROSTER,
  testHookProblems,
  wiringProblems,
} from './lib/wiring.mjs';
import { schemaDrift } from './schema/build-schemas.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rel = (p) => relative(repoRoot, p) || '.';

function parseArgs(argv) {
  const opts = { charts: [], values: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag !== '--chart' && flag !== '--values') || !value) {
      throw new Error(`unknown or incomplete argument: ${flag} (see the header of validate.mjs)`);
    }
    opts[flag === '--chart' ? 'charts' : 'values'].push(resolve(value));
    i++;
  }
  return opts;
}

const defaultCharts = () => chartDirs(join(repoRoot, 'helm'));

// As chart-testing (ct) does: each ci/*.yaml on top of values.yaml, or values.yaml alone when the
// chart has none. A chart's values.yaml alone need not render: a cluster must supply what has no
// default (the back-office URLs).
function valueSets(chartDir, explicit) {
  if (explicit.length) return [explicit];
  const ciDir = join(chartDir, 'ci');
  const ci = existsSync(ciDir)
    ? readdirSync(ciDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => [join(ciDir, f)])
    : [];
  return ci.length ? ci : [[]];
}

async function validateObjects(objects) {
  const problems = [];
  for (const obj of objects) {
    const schema = await kubeSchemaErrors(obj);
    problems.push(...schema.map((e) => `${obj.kind}/${obj.metadata.name}: schema: ${e}`));
    problems.push(...objectProblems(obj));
  }
  return [...problems, ...manifestProblems(objects)];
}

/** One chart + one values set through every stage; returns { objects, problems }. */
async function validateCase(renderer, chart, files) {
  let values;
  try {
    values = computeValues(chart, files);
  } catch (err) {
    return { objects: 0, problems: [`values: ${err.message}`] };
  }
  const schemaProblems = validateValues(chart, values);
  // Helm refuses to render values that fail the schema; so do we.
  if (schemaProblems.length)
    return { objects: 0, problems: schemaProblems.map((p) => `schema: ${p}`) };
  const rendered = renderChart(renderer, chart.dir, files);
  if (!rendered.ok) return { objects: 0, problems: [`render: ${rendered.error}`] };
  const { objects, problems } = parseManifest(rendered.manifest);
  if (!objects.length) problems.push('render produced no objects');
  problems.push(...(await validateObjects(objects)));
  problems.push(
    ...forbiddenStringProblems(rendered.manifest),
    ...testHookProblems(objects),
    ...ingressProblems(objects),
  );
  // A chart that installs services together (the umbrella) must wire them as the roster says.
  if (chart.dependencies.some((d) => ROSTER.some((s) => s.name === d.name)))
    problems.push(
      ...wiringProblems(objects, { existingSecrets: existingKeySecrets(values) }).map(
        (p) => `wiring: ${p}`,
      ),
    );
  return { objects: objects.length, problems };
}

async function validateChart(renderer, chartDir, explicitValues, totals) {
  const chart = loadChart(chartDir);
  if (chart.type === 'library') {
    console.log(`  --   ${chart.name}: library chart, validated through the charts that use it`);
    return;
  }
  totals.charts++;
  for (const files of valueSets(chartDir, explicitValues)) {
    const label = `${chart.name} [${['values.yaml', ...files.map(rel)].join(' + ')}]`;
    const { objects, problems } = await validateCase(renderer, chart, files);
    totals.renders++;
    totals.objects += objects;
    console.log(
      `  ${problems.length ? 'FAIL' : 'ok  '} ${label}: ${objects} objects${problems.length ? `, ${problems.length} problems` : ''}`,
    );
    totals.failures.push(...problems.map((p) => `${label}: ${p}`));
  }
}

async function validateDeploy(totals) {
  const { objects, problems } = await validateDeployAssets(repoRoot);
  totals.objects += objects;
  const status = problems.length ? 'FAIL' : 'ok  ';
  console.log(`  ${status} deploy/ (PrometheusRule, Grafana dashboards): ${objects} objects`);
  totals.failures.push(...problems.map((p) => `deploy: ${p}`));
}

async function main() {
  const started = Date.now();
  const opts = parseArgs(process.argv.slice(2));
  const renderer = pickRenderer();
  const charts = opts.charts.length ? opts.charts : defaultCharts();
  console.log(
    `helm validation: ${charts.length} chart(s), renderer: ${renderer === 'helm' ? 'helm template' : 'tools/helm/.bin/helm-render (Go text/template + sprig)'}`,
  );
  const totals = { charts: 0, renders: 0, objects: 0, failures: [] };
  if (!opts.charts.length) {
    totals.failures.push(
      ...(await schemaDrift()).map(
        (f) => `${rel(f)}: out of date, run node tools/helm/schema/build-schemas.mjs`,
      ),
    );
  }
  for (const dir of charts) await validateChart(renderer, dir, opts.values, totals);
  if (!opts.charts.length) await validateDeploy(totals);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `helm validation: ${totals.charts} charts, ${totals.renders} renders, ${totals.objects} objects validated, ${totals.failures.length} failures in ${seconds}s`,
  );
  if (totals.failures.length) {
    console.error('\nFAILURES:');
    totals.failures.forEach((f) => console.error(`  - ${f}`));
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(`helm validation crashed: ${err.stack ?? err}`);
  process.exit(2);
});
