/** ERP operations of the queue. */
export type ErpOperation = 'create' | 'cancel';

/** The `erp` queue of the platform's jobs table: one job per order and operation. */
export const ERP_QUEUE = 'erp';

/** Lower runs first; both carry money and customer promises. */
export const ERP_PRIORITY: Record<ErpOperation, number> = { create: 0, cancel: 0 };

export interface ErpJobPayload {
  orderId: string;
  operation: ErpOperation;
}

export const erpJobKey = (orderId: string, operation: ErpOperation) => `${orderId}:${operation}`;

/** What one attempt came to. */
export type ErpAttemptOutcome =
  | { kind: 'done'; salesOrderId?: string; created?: boolean }
  | { kind: 'throttled'; retryAfterMs: number; error: string }
  | { kind: 'unavailable'; error: string }
  | { kind: 'breaker_open' }
  | { kind: 'rejected'; error: string };
