export interface LatencySummary {
  count: number;
  p50?: number;
  p90?: number;
  p99?: number;
  max?: number;
}
export interface Summary {
  n: number;
  median: number | null;
  min: number | null;
  max: number | null;
}
export interface Sample {
  t: number;
  value: number;
}
export function percentile(values: number[], p: number): number | undefined;
export function latencySummary(samples: number[]): LatencySummary;
export function summarize(values: Array<number | null | undefined>): Summary;
export function ratio(
  value: number | null | undefined,
  reference: number | null | undefined,
): number | null;
export function ratePerSecond(count: number, durationMs: number): number | null;
export function sustainedRate(samples: Sample[], from?: number, to?: number): number | null;
export interface SlotSample {
  calls: { sum: number; count: number };
  handoffs: { sum: number; count: number };
  admitted?: number;
}
export interface SlotTime {
  calls: number;
  callMs: number | null;
  erpServiceMs: number | null;
  handoffs: number;
  handoffMs: number | null;
}
export function slotTime(
  from: SlotSample | undefined,
  to: SlotSample | undefined,
  erpBusyMs: number,
): SlotTime | null;
