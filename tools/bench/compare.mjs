#!/usr/bin/env node
// Compares runs: one column per result file (bench/results/<timestamp>.json), one row per
// figure, each cell "median value (ratio median) verdict".
// Usage: node tools/bench/compare.mjs bench/results/2026-*.json
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import report from './lib/report.js';

const files = process.argv.slice(2).filter((f) => !f.endsWith('latest.json'));
if (files.length === 0) {
  process.stderr.write('usage: node tools/bench/compare.mjs <result.json>...\n');
  process.exit(2);
}
const runs = files.map((f) => ({
  name: basename(f, '.json'),
  r: JSON.parse(readFileSync(f, 'utf8')),
}));
const head = runs.map(
  ({ name, r }) => `${name} (${r.mode}, load ${report.formatNumber(r.machine?.loadAverage?.[0])})`,
);
const lines = [`| figure | ${head.join(' | ')} |`, `|---|${runs.map(() => '---').join('|')}|`];
for (const f of runs[0].r.figures) {
  const cells = runs.map(({ r }) => {
    const g = r.figures.find((x) => x.id === f.id);
    if (!g || !g.value.n) return g?.notMeasured ? `not measured` : '–';
    const ratio = g.ratio.n ? ` (${report.formatRatio(g.ratio.median, g.ratioStyle)})` : '';
    return `${report.formatNumber(g.value.median)} ${g.unit}${ratio} ${g.verdict.toUpperCase()}`;
  });
  lines.push(`| ${f.title} | ${cells.join(' | ')} |`);
}
process.stdout.write(lines.join('\n') + '\n');
