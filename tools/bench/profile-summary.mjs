#!/usr/bin/env node
// Summarises V8 CPU profiles written by `BENCH_CPU_PROF=1 npm run bench` (bench/profiles/) or
// any `node --cpu-prof` run: busy CPU time per package and the hottest functions.
// Usage: node tools/bench/profile-summary.mjs [--top N] <file.cpuprofile>...
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import profile from './lib/profile.js';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 15;
if (args.length === 0) {
  process.stderr.write(
    'usage: node tools/bench/profile-summary.mjs [--top N] <file.cpuprofile>...\n',
  );
  process.exit(2);
}
const pct = (x) => `${(x * 100).toFixed(1)}%`;
for (const file of args) {
  const s = profile.summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), top);
  const out = [
    `## ${basename(file)} — ${(s.totalMs / 1000).toFixed(1)} s busy CPU`,
    '',
    '| package | self | share |',
    '|---|---|---|',
  ];
  for (const p of s.byPackage)
    out.push(`| ${p.key} | ${(p.selfMs / 1000).toFixed(2)} s | ${pct(p.share)} |`);
  out.push('', '| package, native work charged to its caller | self | share |', '|---|---|---|');
  for (const p of s.byCaller)
    out.push(`| ${p.key} | ${(p.selfMs / 1000).toFixed(2)} s | ${pct(p.share)} |`);
  out.push('', '| function | self | share |', '|---|---|---|');
  for (const f of s.byFunction)
    out.push(`| \`${f.key}\` | ${(f.selfMs / 1000).toFixed(2)} s | ${pct(f.share)} |`);
  process.stdout.write(out.join('\n') + '\n\n');
}
