import { ArrayMinSize, IsOptional } from 'class-validator';
import { IsChannel, IsId, IsStringArray } from '../../common/v1/decorators';
import { MAX_AVAILABILITY_QUERY_SKUS } from '../../common/v1/patterns';

/** Body of `POST /v1/availability:query`. */
export class AvailabilityQuery {
  /** SKUs to look up (1 to 1000). */
  @IsStringArray(MAX_AVAILABILITY_QUERY_SKUS, 64)
  @ArrayMinSize(1)
  skus: string[];

  /** Selling channel (its allocation rules apply). */
  @IsChannel()
  channel: string;

  /** A location or hierarchy node; omitted: the whole network. */
  @IsOptional()
  @IsId(64)
  locationId?: string;
}
