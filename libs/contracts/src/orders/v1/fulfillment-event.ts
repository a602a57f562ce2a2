import { ArrayMinSize, IsOptional } from 'class-validator';
import { IsId, IsNestedArray, IsOneOf, IsText, IsTimestamp } from '../../common/v1/decorators';
import { MAX_ORDER_LINES } from '../../common/v1/patterns';
import { FulfillmentEventLine } from './fulfillment-event-line';

/** Steps a WMS or store reports. */
export const FULFILLMENT_EVENT_TYPES = ['picked', 'shipped', 'delivered', 'picked_up'] as const;
/** A step a WMS or store reports. */
export type FulfillmentEventType = (typeof FULFILLMENT_EVENT_TYPES)[number];

/**
 * Body of `POST /v1/fulfillment-events` from WMS and stores. A repeated `eventId` is a no-op.
 * `shipped` and `picked_up` consume the reservations and publish `order.shipped`,
 * `invoice.requested` and `customer-notification.requested`.
 */
export class FulfillmentEvent {
  /** The reporter's unique id of this event (de-duplication key). */
  @IsId()
  eventId: string;

  /** The order. */
  @IsId()
  orderId: string;

  /** The fulfilment instruction, when the reporter knows it. */
  @IsOptional()
  @IsId()
  fulfillmentId?: string;

  /** The step. */
  @IsOneOf(FULFILLMENT_EVENT_TYPES)
  type: FulfillmentEventType;

  /** Lines and units covered. */
  @IsNestedArray(() => FulfillmentEventLine, MAX_ORDER_LINES)
  @ArrayMinSize(1)
  lines: FulfillmentEventLine[];

  /** Where it happened. */
  @IsId(64)
  locationId: string;

  /** Carrier, e.g. `dhl`, `ups`. */
  @IsOptional()
  @IsText(64)
  carrier?: string;

  /** The carrier's tracking number. */
  @IsOptional()
  @IsText(128)
  trackingNumber?: string;

  /** When it happened (ISO 8601 with offset). */
  @IsTimestamp()
  occurredAt: string;
}
