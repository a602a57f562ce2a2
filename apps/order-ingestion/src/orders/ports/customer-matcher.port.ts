import type { CustomerMatchRequest, CustomerMatchResult } from '@retail/contracts';

/** Master-data's `POST /v1/customers:match`. Optional: orders go on without a customer id. */
export abstract class CustomerMatcherPort {
  abstract match(
    request: CustomerMatchRequest,
    correlationId: string,
  ): Promise<CustomerMatchResult | undefined>;
}
