// Renders a chart with `helm template` when a helm binary is available, otherwise with the
// Helm-subset renderer built by tools/helm/install-deps.sh (Go text/template + sprig).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadChart } from './values.mjs';

export const RENDERER_BIN = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '.bin',
  'helm-render',
);
const EXTRA_API_VERSIONS = ['monitoring.coreos.com/v1'];

function onPath(bin) {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, bin)));
}

/** 'helm' | 'go'; RETAIL_HELM_RENDERER=go|helm forces one. */
export function pickRenderer() {
  const forced = process.env.RETAIL_HELM_RENDERER;
  if (forced === 'go' || forced === 'helm') return forced;
  return onPath('helm') ? 'helm' : 'go';
}

const depsBuilt = new Set();

// `helm dependency build` packages file:// charts as they are, so nested dependencies
// (umbrella -> service -> retail-lib) must be built bottom-up.
function buildHelmDependencies(chartDir) {
  if (depsBuilt.has(chartDir)) return { ok: true };
  const chart = loadChart(chartDir);
  for (const dep of chart.dependencies.filter((d) => d.dir)) {
    const sub = buildHelmDependencies(dep.dir);
    if (!sub.ok) return sub;
  }
  if (chart.dependencies.length) {
    const res = run('helm', ['dependency', 'build', chartDir]);
    if (!res.ok) return { ok: false, error: `helm dependency build ${chartDir}: ${res.error}` };
  }
  depsBuilt.add(chartDir);
  return { ok: true };
}

function helmArgs(chartDir, files, release, namespace) {
  const args = ['template', release, chartDir, '--namespace', namespace];
  for (const f of files) args.push('-f', f);
  for (const v of EXTRA_API_VERSIONS) args.push('--api-versions', v);
  return args;
}

function goArgs(chartDir, files, release, namespace, cluster) {
  const args = ['-release-name', release, '-namespace', namespace];
  if (cluster) args.push('-cluster', cluster);
  for (const f of files) args.push('-f', f);
  for (const v of EXTRA_API_VERSIONS) args.push('-api-versions', v);
  return [...args, chartDir];
}

function run(bin, args) {
  const res = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.error) return { ok: false, error: res.error.message };
  if (res.status !== 0) return { ok: false, error: (res.stderr || res.stdout).trim() };
  return { ok: true, manifest: res.stdout };
}

/**
 * Renders one chart with the given values files; returns { ok, manifest } or { ok: false, error }.
 * cluster: a YAML file of existing objects for `lookup` (the offline renderer only).
 */
export function renderChart(
  renderer,
  chartDir,
  files,
  { release = 'retail', namespace = 'retail', cluster } = {},
) {
  if (renderer === 'helm' && cluster)
    return {
      ok: false,
      error: 'helm template has no cluster for lookup: use the offline renderer',
    };
  if (renderer === 'helm') {
    const deps = buildHelmDependencies(chartDir);
    if (!deps.ok) return deps;
    return run('helm', helmArgs(chartDir, files, release, namespace));
  }
  if (!existsSync(RENDERER_BIN)) {
    return { ok: false, error: `${RENDERER_BIN} not found: run bash tools/helm/install-deps.sh` };
  }
  return run(RENDERER_BIN, goArgs(chartDir, files, release, namespace, cluster));
}
