#!/usr/bin/env node
// Compiles every app and library to dist/ (tsc, incremental) and rewrites @retail/* imports
// to relative paths (tsc-alias), so dist/ runs with plain `node`.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const started = Date.now();
process.stdout.write('build: compiling TypeScript (tsc -p tsconfig.build.json)\n');
execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
process.stdout.write(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s -> dist/\n`);
