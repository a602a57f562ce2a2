import { ArrayMinSize } from 'class-validator';
import { IsNestedArray } from '../../common/v1/decorators';
import { MAX_ORDER_LINES } from '../../common/v1/patterns';
import { InspectionLine } from './inspection-line';

/**
 * Body of `POST /v1/returns/{id}/inspection`. The disposition of each line follows by rule from
 * its condition (see {@link Disposition}); stock moves only after inspection.
 */
export class Inspection {
  /** One entry per returned line. */
  @IsNestedArray(() => InspectionLine, MAX_ORDER_LINES)
  @ArrayMinSize(1)
  lines: InspectionLine[];
}
