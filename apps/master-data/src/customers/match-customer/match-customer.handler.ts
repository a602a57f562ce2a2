import { Injectable } from '@nestjs/common';
import type { CustomerMatchRequest, CustomerMatchResult } from '@retail/contracts';
import { CustomerMatching } from './customer-matching';

/**
 * `POST /v1/customers:match`: channel customer id first, then e-mail, then phone; a new
 * customer when nothing matches (the rules: MatchRules). Concurrent matches on the same keys are
 * serialised by transaction-scoped advisory locks on those keys (the unique indexes are the
 * backstop), so two requests for one new shopper never create two customers. The batch route
 * runs the same transaction for many entries.
 */
@Injectable()
export class MatchCustomerHandler {
  constructor(private readonly matching: CustomerMatching) {}

  /**
   * `confined`: the caller is a channel key (service and admin keys match across channels,
   * the one customer master the contract describes).
   */
  async execute(request: CustomerMatchRequest, confined = false): Promise<CustomerMatchResult> {
    const [answer] = await this.matching.match([{ request }], confined);
    return { customerId: answer.customerId, matchedBy: answer.matchedBy, created: answer.created };
  }
}
