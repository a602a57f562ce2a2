import { gauge, histogram } from '@retail/platform-observability';

/**
 * Metrics of the in-memory availability view (ADR 0046). The lag is measured end to end by a
 * heartbeat: the view NOTIFYs itself once a second on its own LISTEN session and observes, when
 * the refresh round that contains the heartbeat has been applied, how long ago it was sent.
 * Every commit notified before the heartbeat is in the view by then, so the lag is the bound on
 * how far reads on this replica are behind commits made anywhere.
 */
export const viewMetrics = {
  lag: () =>
    histogram(
      'retail_inventory_availability_view_lag_seconds',
      'Seconds from a commit (heartbeat NOTIFY) to the availability view holding it',
      [],
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    ),
  /** Seconds since the last heartbeat reached the view (grows when the feed or refresh stalls). */
  age: () =>
    gauge(
      'retail_inventory_availability_view_age_seconds',
      'Seconds since the availability view last applied its heartbeat (how stale it may be)',
    ),
  ready: () =>
    gauge(
      'retail_inventory_availability_view_ready',
      '1 when availability reads are answered from the view, 0 while it is rebuilt (reads 503)',
    ),
  positions: () =>
    gauge(
      'retail_inventory_availability_view_positions',
      'Positions held by the availability view',
    ),
};
