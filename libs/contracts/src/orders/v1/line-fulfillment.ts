import { ValidateIf } from 'class-validator';
import { IsId, IsOneOf } from '../../common/v1/decorators';

/** How a line reaches the customer. */
export const FULFILLMENT_TYPES = ['ship', 'pickup', 'ship_from_store'] as const;
/** How a line reaches the customer. */
export type FulfillmentType = (typeof FULFILLMENT_TYPES)[number];

/** Fulfilment of one order line. */
export class LineFulfillment {
  /** `ship` (from a DC, chosen by sourcing), `pickup` (at a store) or `ship_from_store`. */
  @IsOneOf(FULFILLMENT_TYPES)
  type: FulfillmentType;

  /** The location to fulfil from; required for `pickup` (the store the customer chose). */
  @ValidateIf((f: LineFulfillment) => f.type === 'pickup' || f.locationId !== undefined)
  @IsId(64)
  locationId?: string;
}
