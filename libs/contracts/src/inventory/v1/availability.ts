import { IsChannel, IsCount, IsId, IsNestedArray } from '../../common/v1/decorators';
import { LocationAvailability } from './location-availability';

/** Response of `GET /v1/availability/{sku}`: what a channel may sell of one SKU. */
export class Availability {
  /** Canonical SKU. */
  @IsId(64)
  sku: string;

  /** The channel. */
  @IsChannel()
  channel: string;

  /** Total sellable units in the requested scope. */
  @IsCount()
  available: number;

  /** Per stocking location in the scope. */
  @IsNestedArray(() => LocationAvailability, 10000)
  byLocation: LocationAvailability[];
}
