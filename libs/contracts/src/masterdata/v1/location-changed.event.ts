import { IsId, IsNested, IsStringArray, IsTimestamp } from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';
import { Location } from './location';

/** Subject of {@link LocationChangedEvent}. */
export const LOCATION_CHANGED_SUBJECT = SUBJECTS.LOCATION_CHANGED;

/**
 * `retail.masterdata.v1.location.changed` (subject = locationId): the full location after a
 * create or update. Read models keep the highest `location.version`.
 */
export class LocationChangedEvent {
  /** The location id. */
  @IsId(64)
  locationId: string;

  /** The location as stored. */
  @IsNested(() => Location)
  location: Location;

  /** Ancestor ids, root first (empty for a root): lets read models answer subtree queries. */
  @IsStringArray(100, 64)
  ancestorIds: string[];

  /** When it changed. */
  @IsTimestamp()
  changedAt: string;
}
