import { IsInt, IsOptional, Min, Max } from 'class-validator';
import { IsId, IsNested, IsOneOf, IsText } from '../../common/v1/decorators';
import { LocationCapabilities } from './location-capabilities';

/** Kinds of location. `region` and `network` are grouping nodes of the hierarchy. */
export const LOCATION_TYPES = [
  'dc',
  'store',
  'dark_store',
  '3pl',
  'drop_ship',
  'region',
  'network',
] as const;
/** Kind of location. */
export type LocationType = (typeof LOCATION_TYPES)[number];

/**
 * A node of the location hierarchy (any depth, no cycles): the body of
 * `PUT /v1/locations/{id}` and the payload of `retail.masterdata.v1.location.changed`.
 */
export class Location {
  /** Display name. */
  @IsText(200)
  name: string;

  /** Kind of location. */
  @IsOneOf(LOCATION_TYPES)
  type: LocationType;

  /** Id of the parent node; omitted for a root. */
  @IsOptional()
  @IsId(64)
  parentId?: string;

  /** What the location can do. */
  @IsNested(() => LocationCapabilities)
  capabilities: LocationCapabilities;

  /** The ERP's id of this location (NetSuite location, SAP plant/storage location ...). */
  @IsOptional()
  @IsId(64)
  erpLocationId?: string;

  /** Monotonic version from the source; an update must carry a greater one (else 409). */
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  version: number;
}
