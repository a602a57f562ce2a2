import type { ErpPosting } from './erp-posting';

/** ERP operations of the queue (`fulfillment` and `billing`: postings on shipment, ADR 0041). */
export type ErpOperation = 'create' | 'cancel' | 'fulfillment' | 'billing';

/** The `erp` queue of the platform's jobs table: one job per order and operation. */
export const ERP_QUEUE = 'erp';

/** Lower runs first; sales orders and cancels carry customer promises, postings can follow. */
export const ERP_PRIORITY: Record<ErpOperation, number> = {
  create: 0,
  cancel: 0,
  fulfillment: 5,
  billing: 5,
};

export interface ErpJobPayload {
  orderId: string;
  operation: ErpOperation;
  /** What a posting job posts (fulfillment and billing jobs only). */
  posting?: ErpPosting;
}

export const erpJobKey = (orderId: string, operation: ErpOperation) => `${orderId}:${operation}`;

/** What one attempt came to. */
export type ErpAttemptOutcome =
  | { kind: 'done'; salesOrderId?: string; created?: boolean }
  | { kind: 'throttled'; retryAfterMs: number; error: string }
  | { kind: 'unavailable'; error: string }
  | { kind: 'breaker_open' }
  | { kind: 'rejected'; error: string };
