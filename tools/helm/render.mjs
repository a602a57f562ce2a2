#!/usr/bin/env node
// Renders one chart as `helm template` would, with helm when it is on PATH, else with the offline
// renderer (tools/helm/.bin/helm-render, built by tools/helm/install-deps.sh):
//   node tools/helm/render.mjs helm/retail-platform -f helm/retail-platform/ci/cluster-values.yaml
// Release and namespace are both `retail`. Env: RETAIL_HELM_RENDERER=go|helm forces the renderer.
import { resolve } from 'node:path';
import { pickRenderer, renderChart } from './lib/render.mjs';

const args = process.argv.slice(2);
const chart = args.shift();
const files = [];
while (args.length) {
  const [flag, file] = args.splice(0, 2);
  if (flag !== '-f' || !file) {
    console.error('usage: node tools/helm/render.mjs CHART [-f VALUES]...');
    process.exit(2);
  }
  files.push(resolve(file));
}
if (!chart) {
  console.error('usage: node tools/helm/render.mjs CHART [-f VALUES]...');
  process.exit(2);
}
const rendered = renderChart(pickRenderer(), resolve(chart), files);
if (!rendered.ok) {
  console.error(rendered.error);
  process.exit(1);
}
process.stdout.write(rendered.manifest);
