#!/usr/bin/env node
// Generates helm/<service>/values.schema.json (and the umbrella's) from one definition, so the
// service charts stay strict and identical except for their service-specific env, and the library
// chart's roster (helm/retail-lib/templates/_roster.tpl) from tools/services.json, so the charts
// wire exactly the calls the roster lists.
// `node tools/helm/schema/build-schemas.mjs` writes the files; `--check` fails on drift
// (tools/helm/validate.mjs runs the check).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import {
  ERP_SECRET_KEYS,
  NODE_OPTIONS,
  ROSTER,
  serviceSchema,
  SERVICES,
  umbrellaSchema,
} from './definitions.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const ROSTER_TPL = join(repoRoot, 'helm', 'retail-lib', 'templates', '_roster.tpl');

/** The services (not the simulators) as the templates need them, and the ERP credentials' keys. */
function rosterTemplate() {
  const services = Object.fromEntries(
    ROSTER.filter((s) => s.kind === 'service').map((s) => [
      s.name,
      {
        port: s.port,
        baseUrlEnv: s.baseUrlEnv ?? '',
        calls: s.calls ?? [],
        keyScope: s.keyScope ?? 'service',
        backOffice: SERVICES[s.name].backOffice,
        nodeOptions: NODE_OPTIONS,
      },
    ]),
  );
  return [
    '{{/* Generated from tools/services.json by tools/helm/schema/build-schemas.mjs: do not edit. */}}',
    '{{- define "retail-lib.roster" -}}',
    JSON.stringify(services),
    '{{- end }}',
    '',
    '{{/* The keys of global.erp.existingSecret per global.erp.auth, named as the env. */}}',
    '{{- define "retail-lib.erpSecretKeys" -}}',
    JSON.stringify(ERP_SECRET_KEYS),
    '{{- end }}',
    '',
  ].join('\n');
}

function targets() {
  const out = Object.entries(SERVICES).map(([chart, spec]) => ({
    file: join(repoRoot, 'helm', chart, 'values.schema.json'),
    schema: serviceSchema(chart, spec),
  }));
  out.push({
    file: join(repoRoot, 'helm', 'retail-platform', 'values.schema.json'),
    schema: umbrellaSchema(Object.keys(SERVICES)),
  });
  out.push({ file: ROSTER_TPL, text: rosterTemplate() });
  return out;
}

function readOrEmpty(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

// Formatted as the repository's Prettier config would, so `prettier --check` and this agree.
async function format(file, schema, text) {
  if (text !== undefined) return text;
  const config = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(JSON.stringify(schema), { ...config, parser: 'json' });
}

/** Returns the files whose committed schema differs from the generated one. */
export async function schemaDrift() {
  const drift = [];
  for (const { file, schema, text } of targets()) {
    if (readOrEmpty(file) !== (await format(file, schema, text))) drift.push(file);
  }
  return drift;
}

async function main() {
  if (process.argv.includes('--check')) {
    const drift = await schemaDrift();
    drift.forEach((f) => console.error(`schema out of date: ${f}`));
    process.exit(drift.length ? 1 : 0);
  }
  for (const { file, schema, text } of targets()) {
    writeFileSync(file, await format(file, schema, text));
    console.log(`wrote ${file}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
