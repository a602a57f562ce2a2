#!/usr/bin/env node
// Renders one chart as `helm template` would, with helm when it is on PATH, else with the offline
// renderer (tools/helm/.bin/helm-render, built by tools/helm/install-deps.sh):
//   node tools/helm/render.mjs helm/retail-platform -f helm/retail-platform/ci/cluster-values.yaml
// Release and namespace are both `retail`. --cluster FILE (offline renderer only) makes `lookup`
// find the objects of FILE, e.g. the previous render, as an upgrade would.
// Env: RETAIL_HELM_RENDERER=go|helm forces the renderer.
import { resolve } from 'node:path';
import { pickRenderer, renderChart } from './lib/render.mjs';

const USAGE = 'usage: node tools/helm/render.mjs CHART [-f VALUES]... [--cluster OBJECTS]';
const args = process.argv.slice(2);
const chart = args.shift();
const files = [];
let cluster;
while (args.length) {
  const [flag, file] = args.splice(0, 2);
  if (!['-f', '--cluster'].includes(flag) || !file) {
    console.error(USAGE);
    process.exit(2);
  }
  if (flag === '-f') files.push(resolve(file));
  else cluster = resolve(file);
}
if (!chart) {
  console.error(USAGE);
  process.exit(2);
}
const renderer = cluster ? 'go' : pickRenderer();
const rendered = renderChart(renderer, resolve(chart), files, { cluster });
if (!rendered.ok) {
  console.error(rendered.error);
  process.exit(1);
}
process.stdout.write(rendered.manifest);
