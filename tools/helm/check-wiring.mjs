#!/usr/bin/env node
// Checks a rendered platform (the output of `helm template`, a file or - for stdin) for the wiring
// tools/services.json describes and for development defaults (lib/wiring.mjs):
//   helm template retail helm/retail-platform -n retail -f my-values.yaml | node tools/helm/check-wiring.mjs -
// Usage: node tools/helm/check-wiring.mjs FILE|- [--namespace NS]   (default namespace: retail)
// Exits 1 with one line per problem.
import { readFileSync } from 'node:fs';
import { parseManifest } from './lib/manifest.mjs';
import { forbiddenStringProblems, wiringProblems } from './lib/wiring.mjs';

const [file, flag, namespace = 'retail'] = process.argv.slice(2);
if (!file || (flag && flag !== '--namespace')) {
  console.error('usage: node tools/helm/check-wiring.mjs FILE|- [--namespace NS]');
  process.exit(2);
}
const manifest = readFileSync(file === '-' ? 0 : file, 'utf8');
const { objects, problems } = parseManifest(manifest);
problems.push(...forbiddenStringProblems(manifest), ...wiringProblems(objects, { namespace }));
if (problems.length) {
  problems.forEach((p) => console.error(`wiring: ${p}`));
  process.exit(1);
}
console.log(`wiring: ok (${objects.length} objects)`);
