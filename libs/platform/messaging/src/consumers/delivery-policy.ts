import type { ConsumerResult } from './consumer-result';

/** What the runtime does with a delivery once the handler has answered (or thrown). */
export type Decision =
  | { action: 'ack'; outcome: 'ok' | 'skipped' }
  | { action: 'nak'; delayMs: number; outcome: 'retry' | 'error' }
  | { action: 'dead-letter'; reason: string };

export interface DeliveryLimits {
  deliveryCount: number;
  maxDeliver: number;
  backoffMs: number;
}

const MAX_BACKOFF_MS = 5 * 60_000;

/** base, 2x base, 4x base ... capped at 5 minutes; `deliveryCount` starts at 1. */
export function backoffDelay(deliveryCount: number, baseMs: number): number {
  const exp = Math.min(Math.max(deliveryCount - 1, 0), 20);
  return Math.min(baseMs * 2 ** exp, MAX_BACKOFF_MS);
}

export function decideOnResult(result: ConsumerResult, limits: DeliveryLimits): Decision {
  switch (result.kind) {
    case 'ok':
    case 'skipped':
      return { action: 'ack', outcome: result.kind };
    case 'retry':
      if (limits.deliveryCount >= limits.maxDeliver) {
        return {
          action: 'dead-letter',
          reason: `handler asked to retry on delivery ${limits.deliveryCount} of ${limits.maxDeliver}`,
        };
      }
      return { action: 'nak', delayMs: result.delayMs, outcome: 'retry' };
  }
}

export function decideOnError(error: unknown, limits: DeliveryLimits): Decision {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (isNonRetryable(error))
    return { action: 'dead-letter', reason: `non-retryable error: ${message}` };
  if (limits.deliveryCount >= limits.maxDeliver) {
    return {
      action: 'dead-letter',
      reason: `failed ${limits.deliveryCount} deliveries; last error: ${message}`,
    };
  }
  return {
    action: 'nak',
    delayMs: backoffDelay(limits.deliveryCount, limits.backoffMs),
    outcome: 'error',
  };
}

function isNonRetryable(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { retryable?: unknown }).retryable === false
  );
}
