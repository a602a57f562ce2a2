#!/usr/bin/env node
// Checks a rendered platform (the output of `helm template`, a file or - for stdin) for the wiring
// tools/services.json describes, for development defaults, for `helm test` Pods that cannot reach
// the readiness route they check and for Ingress backends that name no Service port (lib/wiring.mjs):
//   helm template retail helm/retail-platform -n retail -f my-values.yaml | node tools/helm/check-wiring.mjs -
// Usage: node tools/helm/check-wiring.mjs FILE|- [--namespace NS] [--existing-secret NAME]...
//   --namespace        the release namespace (default: retail)
//   --existing-secret  a key Secret your values reference (global.serviceKeys.<caller>.existingSecret)
// Exits 1 with one line per problem.
import { readFileSync } from 'node:fs';
import { parseManifest } from './lib/manifest.mjs';
import {
  forbiddenStringProblems,
  ingressProblems,
  testHookProblems,
  wiringProblems,
} from './lib/wiring.mjs';

const USAGE =
  'usage: node tools/helm/check-wiring.mjs FILE|- [--namespace NS] [--existing-secret NAME]...';
const [file, ...rest] = process.argv.slice(2);
const opts = { namespace: 'retail', existingSecrets: [] };
for (let i = 0; i < rest.length; i += 2) {
  const [flag, value] = [rest[i], rest[i + 1]];
  if (!value || !['--namespace', '--existing-secret'].includes(flag)) {
    console.error(USAGE);
    process.exit(2);
  }
  if (flag === '--namespace') opts.namespace = value;
  else opts.existingSecrets.push(value);
}
if (!file) {
  console.error(USAGE);
  process.exit(2);
}
const manifest = readFileSync(file === '-' ? 0 : file, 'utf8');
const { objects, problems } = parseManifest(manifest);
problems.push(
  ...forbiddenStringProblems(manifest),
  ...wiringProblems(objects, opts),
  ...testHookProblems(objects, opts),
  ...ingressProblems(objects),
);
if (problems.length) {
  problems.forEach((p) => console.error(`wiring: ${p}`));
  process.exit(1);
}
console.log(`wiring: ok (${objects.length} objects)`);
