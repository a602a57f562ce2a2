import { ArrayMinSize, IsOptional } from 'class-validator';
import {
  IsChannel,
  IsId,
  IsNestedArray,
  IsOneOf,
  IsText,
  IsTimestamp,
} from '../../common/v1/decorators';
import { MAX_ORDER_LINES } from '../../common/v1/patterns';
import { SUBJECTS } from '../../subjects';
import { ShippedLine } from './shipped-line';

/** Subject of {@link OrderShippedEvent}. */
export const ORDER_SHIPPED_SUBJECT = SUBJECTS.ORDER_SHIPPED;

/** How units left: by carrier, or collected by the customer. */
export const HANDOVER_TYPES = ['shipped', 'picked_up'] as const;
/** How units left the location. */
export type HandoverType = (typeof HANDOVER_TYPES)[number];

/**
 * `retail.orders.v1.order.shipped` (subject = orderId): units left a location, by carrier or
 * collected. Inventory consumes the reservations; returns learns what may be returned.
 */
export class OrderShippedEvent {
  /** The order id. */
  @IsId()
  orderId: string;

  /** Selling channel. */
  @IsChannel()
  channel: string;

  /** The channel's order id. */
  @IsId()
  channelOrderId: string;

  /** The fulfilment event that reported it (`eventId` of `POST /v1/fulfillment-events`). */
  @IsId()
  fulfillmentEventId: string;

  /** The fulfilment instruction. */
  @IsOptional()
  @IsId()
  fulfillmentId?: string;

  /** Shipped by carrier or picked up by the customer. */
  @IsOneOf(HANDOVER_TYPES)
  type: HandoverType;

  /** The location the units left. */
  @IsId(64)
  locationId: string;

  /** Carrier. */
  @IsOptional()
  @IsText(64)
  carrier?: string;

  /** Tracking number. */
  @IsOptional()
  @IsText(128)
  trackingNumber?: string;

  /** Units per line. */
  @IsNestedArray(() => ShippedLine, MAX_ORDER_LINES)
  @ArrayMinSize(1)
  lines: ShippedLine[];

  /** When the units left. */
  @IsTimestamp()
  occurredAt: string;
}
