import type { CustomerMatchRequest, CustomerMatchResult } from '@retail/contracts';

/**
 * Master-data's `POST /v1/customers:match`. `undefined` only when master-data refused the
 * request itself; a refused key or an outage throws (the order waits and is retried).
 */
export abstract class CustomerMatcherPort {
  abstract match(
    request: CustomerMatchRequest,
    correlationId: string,
  ): Promise<CustomerMatchResult | undefined>;
}
