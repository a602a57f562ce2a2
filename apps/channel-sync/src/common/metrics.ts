import { counter, histogram } from '@retail/platform-observability';

/** Channel sync's metrics (get-or-create: several apps may share a test process). */
export const channelSyncMetrics = {
  apiCalls: () =>
    counter(
      'retail_channel_api_calls_total',
      'Calls to channel APIs by channel, operation and outcome (ok, throttled, rejected, unavailable)',
      ['channel', 'operation', 'outcome'],
    ),
  ordersForwarded: () =>
    counter(
      'retail_channel_orders_forwarded_total',
      'Channel orders forwarded to order-ingestion, by channel, source (pull, webhook, reconcile) and outcome',
      ['channel', 'source', 'outcome'],
    ),
  reconcileImported: () =>
    counter(
      'retail_channel_reconcile_imported_total',
      'Orders found missing by a reconciliation and imported, by channel',
      ['channel'],
    ),
  reconcileMismatches: () =>
    counter(
      'retail_channel_reconcile_status_mismatches_total',
      'Status mismatches found by a reconciliation, by channel',
      ['channel'],
    ),
  pulls: () =>
    counter('retail_channel_pulls_total', 'Pull runs by channel and outcome', [
      'channel',
      'outcome',
    ]),
  rateLimitWait: () =>
    histogram(
      'retail_channel_rate_limit_wait_seconds',
      'Time spent waiting for a rate-limit token before a channel API call',
      ['channel'],
      [0.01, 0.1, 0.5, 1, 2, 5, 10, 30, 60],
    ),
  outboundPushes: () =>
    counter(
      'retail_channel_outbound_pushes_total',
      'Pushes to channels by channel, kind (availability, shipment, cancellation, refund, acknowledgement) and outcome (applied, already_applied, refused, failed, unsupported, skipped_echo, skipped_store_credit)',
      ['channel', 'kind', 'outcome'],
    ),
  availabilityPushLatency: () =>
    histogram(
      'retail_channel_availability_push_latency_seconds',
      'Seconds from the oldest availability change a push carries (the first since the channel last accepted the row) to the channel accepting it',
      ['channel'],
      [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    ),
  availabilityDrift: () =>
    counter(
      'retail_channel_availability_drift_total',
      'Channel SKU and location figures a reconciliation found differing from ours, by channel',
      ['channel'],
    ),
};
