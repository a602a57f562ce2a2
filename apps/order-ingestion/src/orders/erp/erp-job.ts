/** ERP operations of the queue. */
export type ErpOperation = 'create' | 'cancel' | 'update';

/**
 * Lower runs first. Creating and cancelling sales orders carry money and customer promises;
 * updates (e.g. memo or status sync) wait behind them when the ERP's capacity is short.
 */
export const ERP_PRIORITY: Record<ErpOperation, number> = { create: 0, cancel: 0, update: 10 };

export interface ErpJob {
  id: string;
  orderId: string;
  operation: ErpOperation;
  attempts: number;
}

/** What one attempt came to. */
export type ErpAttemptOutcome =
  | { kind: 'done'; salesOrderId?: string; created?: boolean }
  | { kind: 'throttled'; retryAfterMs: number; error: string }
  | { kind: 'unavailable'; error: string }
  | { kind: 'breaker_open' }
  | { kind: 'rejected'; error: string };
