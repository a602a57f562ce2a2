import { IsInt, Min } from 'class-validator';
import { IsChannel, IsCount, IsId, IsNestedArray, IsTimestamp } from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';
import { LocationAvailability } from './location-availability';

/** Subject of {@link AvailabilityChangedEvent}. */
export const AVAILABILITY_CHANGED_SUBJECT = SUBJECTS.AVAILABILITY_CHANGED;

/**
 * `retail.inventory.v1.availability.changed` (subject = sku): what a channel may sell of a SKU,
 * coalesced per SKU and channel so bursts of movements become one update. Absolute, not a delta:
 * a consumer keeps the event with the highest `sequence` and may drop older ones.
 */
export class AvailabilityChangedEvent {
  /** Canonical SKU. */
  @IsId(64)
  sku: string;

  /** The channel. */
  @IsChannel()
  channel: string;

  /** Sellable units across the network. */
  @IsCount()
  available: number;

  /** Sellable units per stocking location. */
  @IsNestedArray(() => LocationAvailability, 10000)
  byLocation: LocationAvailability[];

  /** Monotonic per SKU and channel. */
  @IsInt()
  @Min(0)
  sequence: number;

  /** When it was computed. */
  @IsTimestamp()
  changedAt: string;
}
