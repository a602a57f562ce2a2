#!/usr/bin/env node
// `npm run test:faults`: the fault and invariant suite (tools/faults/src, TypeScript run with
// ts-node, no build of its own). It needs the compiled services: `npm run build` first.
// Usage: npm run test:faults -- [--seed N] [--profile small|long] [--only a,b] [--keep-data]
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const child = spawn(
  process.execPath,
  [
    '-r',
    'ts-node/register/transpile-only',
    join(root, 'tools', 'faults', 'src', 'main.ts'),
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.json') },
  },
);
// Ctrl-C reaches the child through the terminal's process group; the child stops its own PIDs.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
