/**
 * Order statuses. `on_hold`: payment pending/failed or fraud review; `exception`: cannot proceed
 * (e.g. unknown SKU), re-processed when the cause is fixed; `awaiting_erp`: waiting for the ERP
 * sales order (flows on by itself when the ERP recovers).
 */
export const ORDER_STATUSES = [
  'received',
  'on_hold',
  'exception',
  'backordered',
  'reserved',
  'awaiting_erp',
  'erp_confirmed',
  'partially_fulfilled',
  'fulfilled',
  'cancelled',
] as const;

/** Order status. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses an order never leaves. */
export const TERMINAL_ORDER_STATUSES: readonly OrderStatus[] = ['fulfilled', 'cancelled'];
