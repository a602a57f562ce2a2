import type { CustomerMatchRequest, CustomerMatchResult } from '@retail/contracts';

/** Master-data refused to match this buyer (its answer: retrying the same data will not help). */
export interface CustomerMatchRefused {
  refused: string;
}

/**
 * Master-data's customer matching, idempotent per order (the first answer for an order is kept
 * by master-data and returned again). `refused` only when master-data refused this order's
 * match itself; a refused key, an outage or an unexpected answer throws (the order waits and
 * is retried, never going on as a guest).
 */
export abstract class CustomerMatcherPort {
  abstract match(
    request: CustomerMatchRequest,
    orderId: string,
    correlationId: string,
  ): Promise<CustomerMatchResult | CustomerMatchRefused>;
}
