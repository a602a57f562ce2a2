import { CHANNELS, ChannelName } from '../channels/channel';
import { LimitSpec } from '../limits/limit-spec';
import { DEFAULT_LIMITS } from '../limits/vendor-limits';

export type FaultMode = 'up' | 'down' | 'slow' | 'throttle';

export interface ChannelFaults {
  /** up: normal; down: 503 as the vendor answers; slow: adds latency; throttle: 429 to all. */
  mode: FaultMode;
  /** Added before handling (any mode); `slow` without it means 2000 ms. */
  latencyMs: number | null;
  /** Share (0..1) of admitted requests answered 500 before anything is read or stored. */
  errorRate: number;
  /** Order pages overlap: the last order of a page is the first of the next one. */
  duplicatePages: boolean;
  /** Orders within each page come in reverse of the requested sort order. */
  outOfOrder: boolean;
  /** Share (0..1) of webhook deliveries silently not sent (counted as dropped). */
  dropWebhooks: number;
  /** Limiter name -> spec (null: no limit); starts as the vendor's documented limits. */
  limits: Record<string, LimitSpec | null>;
}

export type FaultState = Record<ChannelName, ChannelFaults>;

export const SLOW_DEFAULT_LATENCY_MS = 2000;

export function defaultFaults(): FaultState {
  return Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      {
        mode: 'up',
        latencyMs: null,
        errorRate: 0,
        duplicatePages: false,
        outOfOrder: false,
        dropWebhooks: 0,
        limits: structuredClone(DEFAULT_LIMITS[channel]),
      } satisfies ChannelFaults,
    ]),
  ) as FaultState;
}

export function latencyFor(faults: ChannelFaults): number {
  if (faults.latencyMs !== null) return faults.latencyMs;
  return faults.mode === 'slow' ? SLOW_DEFAULT_LATENCY_MS : 0;
}
