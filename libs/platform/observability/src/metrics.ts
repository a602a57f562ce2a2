import { Counter, Gauge, Histogram, register } from 'prom-client';

/**
 * Get-or-create helpers over prom-client's default registry. Several app instances share one
 * process in tests; registering a metric twice would throw, so every metric is looked up first.
 */
export function counter<L extends string>(name: string, help: string, labelNames: L[] = []) {
  return (register.getSingleMetric(name) as Counter<L>) ?? new Counter({ name, help, labelNames });
}

export function histogram<L extends string>(
  name: string,
  help: string,
  labelNames: L[] = [],
  buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
) {
  return (
    (register.getSingleMetric(name) as Histogram<L>) ??
    new Histogram({ name, help, labelNames, buckets })
  );
}

export function gauge<L extends string>(name: string, help: string, labelNames: L[] = []) {
  return (register.getSingleMetric(name) as Gauge<L>) ?? new Gauge({ name, help, labelNames });
}

/**
 * A business gauge computed when Prometheus scrapes (e.g. `SELECT count(*) ... WHERE status =
 * 'awaiting_erp'`). The latest registered collector wins, so a restarted app in the same
 * process reads its own database.
 */
export function collectedGauge<L extends string>(
  name: string,
  help: string,
  labelNames: L[],
  collect: () => Promise<Array<{ labels?: Partial<Record<L, string>>; value: number }>>,
): Gauge<L> {
  const existing = register.getSingleMetric(name);
  if (existing) register.removeSingleMetric(name);
  return new Gauge<L>({
    name,
    help,
    labelNames,
    async collect() {
      const rows = await collect().catch(() => []);
      this.reset();
      for (const row of rows) {
        if (row.labels) this.set(row.labels as Record<L, string>, row.value);
        else this.set(row.value);
      }
    },
  });
}

/** RED metrics for HTTP, labelled by route template, never by raw URL. */
export const httpRequestDuration = () =>
  histogram('http_server_request_duration_seconds', 'HTTP server request duration', [
    'method',
    'route',
    'status_code',
  ]);
