import { IsOptional } from 'class-validator';
import { IsChannel, IsId, IsOneOf, IsText, IsTimestamp } from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';

/** Subject of {@link CustomerNotificationRequestedEvent}. */
export const CUSTOMER_NOTIFICATION_REQUESTED_SUBJECT = SUBJECTS.CUSTOMER_NOTIFICATION_REQUESTED;

/** What the customer is told. */
export const NOTIFICATION_KINDS = [
  'order_shipped',
  'ready_for_pickup',
  'order_picked_up',
  'order_delivered',
  'order_cancelled',
] as const;
/** What the customer is told. */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * `retail.orders.v1.customer-notification.requested` (subject = orderId). Carries ids, not contact
 * details: the notifier resolves them from the customer record, so erasure needs no replay.
 */
export class CustomerNotificationRequestedEvent {
  /** The order id. */
  @IsId()
  orderId: string;

  /** Selling channel (the notifier may delegate to it). */
  @IsChannel()
  channel: string;

  /** Canonical customer id, when known. */
  @IsOptional()
  @IsId()
  customerId?: string;

  /** What to tell. */
  @IsOneOf(NOTIFICATION_KINDS)
  kind: NotificationKind;

  /** The fulfilment event behind it (de-duplication key with `kind`). */
  @IsOptional()
  @IsId()
  fulfillmentEventId?: string;

  /** Pickup store or shipping location. */
  @IsOptional()
  @IsId(64)
  locationId?: string;

  /** Carrier. */
  @IsOptional()
  @IsText(64)
  carrier?: string;

  /** Tracking number. */
  @IsOptional()
  @IsText(128)
  trackingNumber?: string;

  /** When it was requested. */
  @IsTimestamp()
  requestedAt: string;
}
