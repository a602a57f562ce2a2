#!/usr/bin/env node
// `npm test`: typecheck, lint, then every Jest tier (unit, contract, integration against the
// real PostgreSQL and NATS, chart validation). Stops at the first failing step.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const steps = [
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  // The module-boundary lint rule reads Nx's project graph: compute it first.
  ['project graph', bin('nx'), ['show', 'projects', '--json']],
  ['lint', bin('eslint'), ['.', '--max-warnings=0']],
  ['format', bin('prettier'), ['--check', '.', '--log-level', 'warn']],
  ['jest', bin('jest'), ['--ci', '--maxWorkers=2', ...process.argv.slice(2)]],
];

for (const [name, cmd, args] of steps) {
  const started = Date.now();
  process.stdout.write(`\n== ${name}: ${[cmd.replace(root + '/', ''), ...args].join(' ')}\n`);
  const result = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stdout.write(`== ${name}: FAILED after ${seconds} s\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`== ${name}: ok in ${seconds} s\n`);
}
