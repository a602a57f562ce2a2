import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsOptional } from 'class-validator';
import { IsId, IsOneOf } from '../../common/v1/decorators';
import { MAX_CUSTOMER_MATCH_BATCH } from '../../common/v1/patterns';
import { CustomerMatchRequest } from './customer-match-request';
import { CUSTOMER_MATCH_KEYS, type CustomerMatchKey } from './customer-match-result';

/**
 * One entry of `POST /v1/customers:match-batch`: a customer match for one order. The first
 * match of a `(channel, orderId)` is kept: a repeated entry (a retried batch) gets the same
 * customer back, whatever changed since, and never creates another.
 */
export class CustomerMatchBatchItem extends CustomerMatchRequest {
  /** The caller's order the buyer belongs to: the entry's idempotency key within `channel`. */
  @IsId()
  orderId: string;

  /** Correlation id of that order (carried on the customer events this entry causes). */
  @IsOptional()
  @IsId()
  correlationId?: string;
}

/**
 * Body of `POST /v1/customers:match-batch`: 1 to 500 matches, of any channels. Each entry is
 * validated and answered on its own (a bad entry never fails its neighbours).
 */
export class CustomerMatchBatchRequest {
  /** Validated entry by entry by the route, so only the envelope is checked here. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CUSTOMER_MATCH_BATCH)
  matches: CustomerMatchBatchItem[];
}

/** How one entry was answered. */
export const CUSTOMER_MATCH_OUTCOMES = ['matched', 'created', 'refused'] as const;
/** How one entry was answered. */
export type CustomerMatchOutcome = (typeof CUSTOMER_MATCH_OUTCOMES)[number];

/** The answer for one entry, at the same index as in the request. */
export class CustomerMatchBatchEntry {
  @IsInt()
  index: number;

  @IsOptional()
  @IsId()
  orderId?: string;

  /** `matched` or `created` (with the customer), or `refused` (with the problem). */
  @IsOneOf(CUSTOMER_MATCH_OUTCOMES)
  outcome: CustomerMatchOutcome;

  /** HTTP status this entry would have had alone: 200, 201, or the problem's 4xx/5xx. */
  @IsInt()
  status: number;

  /** The canonical customer id (matched or created). */
  @IsOptional()
  @IsId()
  customerId?: string;

  /** The key that matched (`none` when created). */
  @IsOptional()
  @IsOneOf(CUSTOMER_MATCH_KEYS)
  matchedBy?: CustomerMatchKey;

  /** `true` when the answer is the one kept for this order by an earlier call. */
  @IsOptional()
  @IsBoolean()
  replayed?: boolean;

  /** Why this entry was refused (problem+json body); nothing was persisted for it. */
  @IsOptional()
  problem?: Record<string, unknown>;
}

/** Response of `POST /v1/customers:match-batch` (200): one entry per request entry, in order. */
export class CustomerMatchBatchResult {
  results: CustomerMatchBatchEntry[];
}
