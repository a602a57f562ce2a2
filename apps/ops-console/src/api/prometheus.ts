/** One sample of the Prometheus text format. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the samples of a /metrics answer (comments and unparsable lines are skipped). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[3] ?? '').matchAll(LABEL)) labels[l[1]] = l[2].replace(/\\(.)/g, '$1');
    const value = Number(m[4]);
    if (!Number.isNaN(value)) samples.push({ name: m[1], labels, value });
  }
  return samples;
}

/** Sum of a metric's samples, optionally grouped by one label. */
export function sumBy(samples: Sample[], name: string, label?: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of samples.filter((x) => x.name === name)) {
    const key = label ? (s.labels[label] ?? '') : '';
    out.set(key, (out.get(key) ?? 0) + s.value);
  }
  return out;
}

export const total = (samples: Sample[], name: string): number | undefined =>
  sumBy(samples, name).get('');
