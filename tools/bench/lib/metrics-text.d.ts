export interface MetricSample {
  labels: string;
  value: number;
}
export function metricSamples(text: string, name: string): MetricSample[];
export function labelOf(labels: string, label: string): string | undefined;
