#!/usr/bin/env node
// Gives every Nx project the standard targets (lint, format, typecheck, test, integration; apps
// also build); their commands live once in nx.json targetDefaults.
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const files = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '*project.json'],
  { encoding: 'utf8' },
)
  .split('\n')
  .filter((f) => f.endsWith('project.json') && !f.includes('node_modules'));
for (const file of files) {
  const project = JSON.parse(readFileSync(file, 'utf8'));
  const names = ['lint', 'format', 'typecheck', 'test', 'integration'];
  if (project.projectType === 'application') names.push('build');
  project.targets = Object.fromEntries(names.map((n) => [n, project.targets?.[n] ?? {}]));
  writeFileSync(file, JSON.stringify(project, null, 2) + '\n');
  process.stdout.write(`${file}: ${names.join(', ')}\n`);
}
