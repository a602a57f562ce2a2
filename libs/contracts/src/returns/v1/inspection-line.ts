import { IsOptional } from 'class-validator';
import { IsId, IsOneOf, IsText } from '../../common/v1/decorators';
import { ITEM_CONDITIONS, ItemCondition } from './item-condition';

/** The inspected condition of one returned line. */
export class InspectionLine {
  /** The order line. */
  @IsId()
  lineId: string;

  /** Condition found. */
  @IsOneOf(ITEM_CONDITIONS)
  condition: ItemCondition;

  /** Inspector's notes. */
  @IsOptional()
  @IsText()
  notes?: string;
}
