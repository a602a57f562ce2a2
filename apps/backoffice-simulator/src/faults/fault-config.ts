/** The stand-in systems; each has its own fault settings, counters and concurrency. */
export const SYSTEMS = ['erp', 'wms', 'payments', 'tax'] as const;
export type SimulatedSystem = (typeof SYSTEMS)[number];

export type FaultMode = 'up' | 'down' | 'slow' | 'throttle' | 'reject';

export const FAULT_MODES: readonly FaultMode[] = ['up', 'down', 'slow', 'throttle', 'reject'];

export interface SystemFaults {
  /**
   * up: normal; down: 503 to everything; slow: adds latency; throttle: 429 to everything;
   * reject: 400 USER_ERROR to everything (a business refusal, e.g. an order the ERP will not take).
   */
  mode: FaultMode;
  /** Added before handling (any mode); `slow` without it means 2000 ms. */
  latencyMs: number | null;
  /** Concurrent requests above this answer 429; null = unlimited. */
  maxConcurrency: number | null;
  /** Share (0..1) of admitted requests answered 500 before anything is stored. */
  errorRate: number;
  /** Commit, then destroy the socket: "the ERP timed out after creating it". */
  dropResponseAfterCommit: boolean;
  /** WMS only: confirm shipments on its own this long after a request; null = never. */
  shipmentDelayMs: number | null;
}

export type FaultState = Record<SimulatedSystem, SystemFaults>;

export const SLOW_DEFAULT_LATENCY_MS = 2000;

export function defaultFaults(
  erpMaxConcurrency: number | null,
  wmsShipmentDelayMs: number | null,
): FaultState {
  const up = (): SystemFaults => ({
    mode: 'up',
    latencyMs: null,
    maxConcurrency: null,
    errorRate: 0,
    dropResponseAfterCommit: false,
    shipmentDelayMs: null,
  });
  return {
    erp: { ...up(), maxConcurrency: erpMaxConcurrency },
    wms: { ...up(), shipmentDelayMs: wmsShipmentDelayMs },
    payments: up(),
    tax: up(),
  };
}

/** Latency to add for one request under these settings. */
export function latencyFor(faults: SystemFaults): number {
  if (faults.latencyMs !== null) return faults.latencyMs;
  return faults.mode === 'slow' ? SLOW_DEFAULT_LATENCY_MS : 0;
}
