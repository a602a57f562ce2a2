/** Request outcomes per system, counted in process memory (exact, reset by /admin/reset). */
export interface RequestCounters {
  total: number;
  admitted: number;
  /** 429 because more than maxConcurrency requests were in flight. */
  overConcurrency: number;
  /** 429 because mode = throttle. */
  throttled: number;
  /** 503 because mode = down. */
  down: number;
  /** 400 because mode = reject. */
  rejected: number;
  /** 500 injected by errorRate. */
  injectedErrors: number;
  /** Committed, then the connection was destroyed. */
  droppedAfterCommit: number;
}

export interface ConcurrencyCounters {
  inFlight: number;
  /** Most requests in flight at once, rejected ones included: what callers attempted. */
  peak: number;
  /** Most requests admitted (past the limit check) at once. */
  peakAdmitted: number;
  admittedInFlight: number;
  /**
   * Milliseconds summed over admitted requests, from admission to the end of the answer: with
   * maxConcurrency, how busy the system's slots were over a window (what a caller kept in use).
   */
  admittedBusyMs: number;
}

export function emptyRequestCounters(): RequestCounters {
  return {
    total: 0,
    admitted: 0,
    overConcurrency: 0,
    rejected: 0,
    throttled: 0,
    down: 0,
    injectedErrors: 0,
    droppedAfterCommit: 0,
  };
}
