'use strict';
// Pure statistics helpers of the benchmark (no I/O): percentiles of latency samples and the
// median / min / max summary of repeated figures. CommonJS so that both the plain-Node ESM
// runner (tools/bench/run.mjs) and the jest specs (TypeScript) load the same code.

/** Nearest-rank percentile (p in 0..100) of numbers; undefined for no samples. */
function percentile(values, p) {
  if (!Array.isArray(values) || values.length === 0) return undefined;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** p50 / p90 / p99 / max / count of latency samples (ms). */
function latencySummary(samples) {
  const n = samples.length;
  if (n === 0) return { count: 0 };
  return {
    count: n,
    p50: percentile(samples, 50),
    p90: percentile(samples, 90),
    p99: percentile(samples, 99),
    max: Math.max(...samples),
  };
}

/** Median (mean of the two middle values for an even count), min, max of measured values. */
function summarize(values) {
  const measured = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (measured.length === 0) return { n: 0, median: null, min: null, max: null };
  const sorted = [...measured].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { n: sorted.length, median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** value / reference, or null when either is missing or the reference is not positive. */
function ratio(value, reference) {
  if (typeof value !== 'number' || typeof reference !== 'number') return null;
  if (!Number.isFinite(value) || !Number.isFinite(reference) || reference <= 0) return null;
  return value / reference;
}

/** Events per second over a duration in ms (null for an empty duration). */
function ratePerSecond(count, durationMs) {
  return durationMs > 0 ? (count * 1000) / durationMs : null;
}

/**
 * Sustained rate of a cumulative counter sampled over time ([{ t (ms), value }]): the slope
 * between the samples where it first reached `from` and `to` of its total increase, so start-up
 * and tail (queue draining) do not dilute it. null when it did not move.
 */
function sustainedRate(samples, from = 0.1, to = 0.9) {
  if (samples.length < 2) return null;
  const base = samples[0].value;
  const total = samples[samples.length - 1].value - base;
  if (total <= 0) return null;
  const at = (share) => samples.find((s) => s.value - base >= total * share);
  const a = at(from);
  const b = at(to);
  if (!a || !b || b.t <= a.t) return null;
  return ((b.value - a.value) * 1000) / (b.t - a.t);
}

/**
 * Where a slot's time went between two samples: the mean governed call as order-ingestion saw
 * it (permit to answer), the ERP's own service per admitted call (the simulator's slot time),
 * and the mean permit hand-off to the next waiting call (the governor's round trip).
 */
function slotTime(from, to, erpBusyMs) {
  if (!from || !to) return null;
  const mean = (a, b) =>
    b.count > a.count ? ((b.sum - a.sum) / (b.count - a.count)) * 1000 : null;
  const admitted = (to.admitted ?? 0) - (from.admitted ?? 0);
  return {
    calls: to.calls.count - from.calls.count,
    callMs: mean(from.calls, to.calls),
    erpServiceMs: admitted > 0 && Number.isFinite(erpBusyMs) ? erpBusyMs / admitted : null,
    handoffs: to.handoffs.count - from.handoffs.count,
    handoffMs: mean(from.handoffs, to.handoffs),
  };
}

module.exports = {
  percentile,
  latencySummary,
  summarize,
  ratio,
  ratePerSecond,
  sustainedRate,
  slotTime,
};
