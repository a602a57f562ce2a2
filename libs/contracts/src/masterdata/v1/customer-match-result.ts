import { IsBoolean } from 'class-validator';
import { IsId, IsOneOf } from '../../common/v1/decorators';

/** Which key matched an existing customer; `none` when a new one was created. */
export const CUSTOMER_MATCH_KEYS = ['channelCustomerId', 'email', 'phone', 'none'] as const;
/** Which key matched an existing customer. */
export type CustomerMatchKey = (typeof CUSTOMER_MATCH_KEYS)[number];

/** Response of `POST /v1/customers:match`. */
export class CustomerMatchResult {
  /** The canonical customer id. */
  @IsId()
  customerId: string;

  /** The key that matched. */
  @IsOneOf(CUSTOMER_MATCH_KEYS)
  matchedBy: CustomerMatchKey;

  /** `true` when no customer matched and one was created. */
  @IsBoolean()
  created: boolean;
}
