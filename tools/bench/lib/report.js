'use strict';
// Pure report helpers of the benchmark (no I/O): judging a figure against its target and
// rendering the JSON report as Markdown.
const { summarize, ratio } = require('./stats.js');

const NOT_MEASURED = 'not measured';

/** Human number: integers from 100 up, one decimal from 10, two below. */
function formatNumber(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 100) return String(Math.round(value));
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A ratio as a percentage ("48%"), or as a multiple ("6.20x") for figures read against a floor. */
function formatRatio(value, style = 'percent') {
  if (value === null || value === undefined) return '–';
  return style === 'multiple' ? `${formatNumber(value)}x` : `${formatNumber(value * 100)}%`;
}

/** Whether one measured median meets a target ({ kind, value }). */
function meetsTarget(target, medianValue, medianRatio) {
  switch (target.kind) {
    case 'ratio-at-least':
      return medianRatio !== null && medianRatio >= target.value;
    case 'below':
      return medianValue !== null && medianValue < target.value;
    case 'at-most':
      return medianValue !== null && medianValue <= target.value;
    case 'none':
      return true;
    default:
      throw new Error(`unknown target kind ${target.kind}`);
  }
}

/** Checks failed in any repetition, as "name (rep n)". */
function failedChecks(reps) {
  const failed = [];
  reps.forEach((rep, i) => {
    for (const [name, ok] of Object.entries(rep.checks ?? {}))
      if (!ok) failed.push(`${name} (rep ${i + 1})`);
  });
  return failed;
}

/**
 * Summarises a figure's repetitions ({ value, reference?, checks?, notMeasured? }) into
 * median / min / max of the value, of its reference and of the per-repetition ratio (each
 * repetition against the reference measured in the same repetition), and a verdict.
 */
function evaluateFigure(figure) {
  const reps = figure.reps ?? [];
  const measured = reps.filter((r) => !r.notMeasured && typeof r.value === 'number');
  const value = summarize(measured.map((r) => r.value));
  const reference = summarize(measured.map((r) => r.reference));
  const ratios = summarize(measured.map((r) => ratio(r.value, r.reference)));
  const failed = failedChecks(measured);
  const reason = figure.notMeasured ?? reps.find((r) => r.notMeasured)?.notMeasured;
  let verdict = NOT_MEASURED;
  if (value.n > 0) {
    const met = meetsTarget(figure.target, value.median, ratios.median);
    verdict =
      figure.target.kind === 'none' ? 'reported' : met && failed.length === 0 ? 'pass' : 'miss';
  }
  return {
    ...figure,
    value,
    reference,
    ratio: ratios,
    failedChecks: failed,
    verdict,
    ...(value.n === 0 && reason ? { notMeasured: reason } : {}),
  };
}

function figureRow(f) {
  const cell = (s) =>
    s.n ? `${formatNumber(s.median)} (${formatNumber(s.min)}–${formatNumber(s.max)})` : '–';
  const r = (v) => formatRatio(v, f.ratioStyle);
  const ratioCell = f.ratio.n ? `${r(f.ratio.median)} (${r(f.ratio.min)}–${r(f.ratio.max)})` : '–';
  const verdict =
    f.verdict === NOT_MEASURED
      ? `not measured: ${f.notMeasured ?? 'no value'}`
      : f.verdict.toUpperCase();
  const checks = f.failedChecks.length ? ` — failed: ${f.failedChecks.join(', ')}` : '';
  return `| ${f.title} | ${cell(f.value)} ${f.unit} | ${f.referenceLabel ?? '–'}: ${cell(f.reference)} | ${ratioCell} | ${f.target.text} | ${verdict}${checks} |`;
}

function factsSection(report) {
  const m = report.machine ?? {};
  const v = report.versions ?? {};
  const lines = [
    `- machine: ${m.nproc} CPU, ${formatNumber(m.memoryGiB)} GiB RAM, load average at start ${(m.loadAverage ?? []).map(formatNumber).join(' / ')}, ${m.platform ?? ''}`,
    `- versions: ${Object.entries(v)
      .map(([k, val]) => `${k} ${val}`)
      .join(', ')}`,
    `- mode: ${report.mode}, ${report.repetitions} repetition(s) per figure, started ${report.startedAt}, took ${formatNumber(report.durationSeconds)} s`,
  ];
  return lines.join('\n');
}

function detailsSection(figures) {
  const out = [];
  for (const f of figures) {
    if (!f.reps?.length) continue;
    out.push(`### ${f.title}`, '');
    if (f.how) out.push(f.how, '');
    f.reps.forEach((r, i) => {
      if (r.notMeasured) return out.push(`- rep ${i + 1}: not measured: ${r.notMeasured}`);
      const checks = Object.entries(r.checks ?? {}).map(
        ([k, ok]) => `${k} ${ok ? 'ok' : 'FAILED'}`,
      );
      const extra = r.details ? ` ${JSON.stringify(r.details)}` : '';
      out.push(
        `- rep ${i + 1}: ${formatNumber(r.value)} ${f.unit}, reference ${formatNumber(r.reference)}${checks.length ? `; ${checks.join(', ')}` : ''}${extra}`,
      );
    });
    out.push('');
  }
  return out.join('\n');
}

/** The whole Markdown report from the JSON report (figures already evaluated). */
function renderMarkdown(report) {
  const rows = report.figures.map(figureRow);
  const notes = (report.notes ?? []).map((n) => `- ${n}`);
  return [
    `# Benchmark report ${report.startedAt}`,
    '',
    'Indicative figures from a shared machine: read each one against its ratio to the ceiling measured in the same run (`docs/benchmarks.md`).',
    '',
    factsSection(report),
    '',
    '| figure | value: median (min–max) | reference: median (min–max) | ratio: median (min–max) | target | verdict |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    '## Details per repetition',
    '',
    detailsSection(report.figures),
    ...(report.sections ?? []).flatMap((sec) => [`## ${sec.title}`, '', ...sec.lines, '']),
    ...(notes.length ? ['## Notes', '', ...notes, ''] : []),
  ].join('\n');
}

module.exports = {
  NOT_MEASURED,
  formatNumber,
  formatRatio,
  meetsTarget,
  evaluateFigure,
  renderMarkdown,
};
