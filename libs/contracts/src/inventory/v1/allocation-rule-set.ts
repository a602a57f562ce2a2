import { IsInt, IsOptional, Min, Max } from 'class-validator';
import { IsNestedArray } from '../../common/v1/decorators';
import { AllocationRule } from './allocation-rule';

/**
 * Body of `PUT /v1/allocation-rules/{channel}`: replaces the channel's rules. The most specific
 * rule (deepest location) applies to a position.
 */
export class AllocationRuleSet {
  /** The rules; empty removes every limit for the channel. */
  @IsNestedArray(() => AllocationRule, 1000)
  rules: AllocationRule[];

  /** Optimistic-concurrency version; when sent, it must be greater than the stored one. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  version?: number;
}
