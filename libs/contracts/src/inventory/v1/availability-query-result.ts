import { IsNestedArray } from '../../common/v1/decorators';
import { MAX_AVAILABILITY_QUERY_SKUS } from '../../common/v1/patterns';
import { Availability } from './availability';

/** Response of `POST /v1/availability:query`: one entry per requested SKU, in request order. */
export class AvailabilityQueryResult {
  /** One per SKU. */
  @IsNestedArray(() => Availability, MAX_AVAILABILITY_QUERY_SKUS)
  items: Availability[];
}
