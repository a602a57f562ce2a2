import { IsId, IsOneOf, IsQuantity } from '../../common/v1/decorators';
import { Disposition, DISPOSITIONS } from './disposition';
import { ITEM_CONDITIONS, ItemCondition } from './item-condition';

/** The outcome of inspecting one returned line. */
export class InspectedLine {
  /** The order line. */
  @IsId()
  lineId: string;

  /** Canonical SKU. */
  @IsId(64)
  sku: string;

  /** Units inspected. */
  @IsQuantity()
  quantity: number;

  /** Condition found. */
  @IsOneOf(ITEM_CONDITIONS)
  condition: ItemCondition;

  /** Where the units go (decided by rule from the condition). */
  @IsOneOf(DISPOSITIONS)
  disposition: Disposition;
}
