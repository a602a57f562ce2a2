import { IsCount, IsId } from '../../common/v1/decorators';

/** Units a channel may sell at one stocking location. */
export class LocationAvailability {
  /** The stocking location. */
  @IsId(64)
  locationId: string;

  /** Sellable units for the channel. */
  @IsCount()
  available: number;
}
