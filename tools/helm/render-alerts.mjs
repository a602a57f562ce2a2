#!/usr/bin/env node
// Writes deploy/prometheus/retail-alerts.yaml to stdout with every runbook_url made absolute:
//   node tools/helm/render-alerts.mjs --runbook-base https://git.example.com/retail/blob/v1.4.0/ \
//     [--release-label kube-prometheus-stack] > retail-alerts.yaml && kubectl apply -f retail-alerts.yaml
// The committed file keeps repository-relative links (docs/runbooks/<service>.md): it is the one
// source of the rules; this only rewrites the links (and the ruleSelector label) on the way out.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import YAML from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ALERTS_FILE = join(ROOT, 'deploy', 'prometheus', 'retail-alerts.yaml');

/**
 * The alert rules with `runbook_url` = base + the repository-relative path. The base must be an
 * absolute http(s) URL of the repository's tree (or of a docs site that mirrors `docs/`).
 */
export function renderAlerts(source, { runbookBase, releaseLabel } = {}) {
  let base;
  try {
    base = new URL(runbookBase);
  } catch {
    throw new Error(`--runbook-base must be an absolute URL, got ${JSON.stringify(runbookBase)}`);
  }
  if (!/^https?:$/.test(base.protocol))
    throw new Error(`--runbook-base must be an http(s) URL, got ${JSON.stringify(runbookBase)}`);
  const prefix = base.href.endsWith('/') ? base.href : `${base.href}/`;
  const doc = YAML.parseDocument(source);
  for (const group of doc.getIn(['spec', 'groups']).items) {
    for (const rule of group.get('rules')?.items ?? []) {
      const url = rule.getIn(['annotations', 'runbook_url']);
      if (typeof url === 'string' && !/^https?:\/\//.test(url))
        rule.setIn(['annotations', 'runbook_url'], `${prefix}${url}`);
    }
  }
  doc.commentBefore =
    ' Rendered by tools/helm/render-alerts.mjs from deploy/prometheus/retail-alerts.yaml' +
    ` (runbook links under ${prefix}); edit the source, not this file.`;
  if (releaseLabel) doc.setIn(['metadata', 'labels', 'release'], releaseLabel);
  return doc.toString();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { 'runbook-base': { type: 'string' }, 'release-label': { type: 'string' } },
  });
  try {
    process.stdout.write(
      renderAlerts(readFileSync(ALERTS_FILE, 'utf8'), {
        runbookBase: values['runbook-base'],
        releaseLabel: values['release-label'],
      }),
    );
  } catch (err) {
    process.stderr.write(`render-alerts: ${err.message}\n`);
    process.exit(1);
  }
}
