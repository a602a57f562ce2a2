import { IsBoolean, IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { IsCount, IsId } from '../../common/v1/decorators';

/**
 * Limits what one channel may sell at a location or subtree: a share of the available stock
 * and/or a fixed safety stock held back. At least one of the two is required.
 */
export class AllocationRule {
  /** Location or hierarchy node the rule covers; omitted: the whole network. */
  @IsOptional()
  @IsId(64)
  locationId?: string;

  /** `true` (default): the rule covers every descendant of `locationId` too. */
  @IsOptional()
  @IsBoolean()
  includeDescendants?: boolean;

  /** Percentage (0-100) of available stock the channel may sell. */
  @ValidateIf(
    (rule: AllocationRule) => rule.sharePercent !== undefined || rule.safetyStock === undefined,
  )
  @IsInt()
  @Min(0)
  @Max(100)
  sharePercent?: number;

  /** Units per SKU and location the channel may never sell. */
  @IsOptional()
  @IsCount()
  safetyStock?: number;
}
