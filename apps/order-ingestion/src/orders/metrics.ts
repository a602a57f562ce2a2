import { counter, histogram } from '@retail/platform-observability';

/** Orders received per channel: `accepted`, `duplicate` or `rejected`. */
export const ordersIngested = () =>
  counter('retail_orders_ingested_total', 'Orders received, by channel and outcome', [
    'channel',
    'outcome',
  ]);

/** ERP calls by operation (`create`, `cancel`) and outcome. */
export const erpCalls = () =>
  counter('retail_erp_calls_total', 'ERP calls by operation and outcome', ['operation', 'outcome']);

/** Seconds from an order's receipt to its ERP sales order. */
export const orderErpLatency = () =>
  histogram(
    'retail_order_erp_latency_seconds',
    'Seconds from order receipt to ERP confirmation',
    [],
    [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600],
  );

/**
 * Commits of an order change by path (ADR 0034): `one_statement` when the order was as the run
 * loaded it, `locking` when it had moved (a cancel, a shipment, an operator) or the lease was
 * lost. A rising `locking` share means orders are changed while they run.
 */
export const orderCommits = () =>
  counter('retail_order_commits_total', 'Order changes committed, by stage and path', [
    'stage',
    'path',
  ]);
