/** Counts per outcome of an import or sync. `lines` = non-blank lines reported. */
export interface ImportSummary {
  lines: number;
  created: number;
  updated: number;
  unchanged: number;
  stale: number;
  invalid: number;
  durationMs: number;
}

export function emptySummary(durationMs = 0): ImportSummary {
  return { lines: 0, created: 0, updated: 0, unchanged: 0, stale: 0, invalid: 0, durationMs };
}
