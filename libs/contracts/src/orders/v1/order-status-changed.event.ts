import { IsOptional } from 'class-validator';
import { IsChannel, IsId, IsOneOf, IsText, IsTimestamp } from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';
import { ORDER_STATUSES, OrderStatus } from './order-status';

/** Subject of {@link OrderStatusChangedEvent}. */
export const ORDER_STATUS_CHANGED_SUBJECT = SUBJECTS.ORDER_STATUS_CHANGED;

/**
 * `retail.orders.v1.order.status-changed` (subject = orderId): one per transition of the order's
 * timeline, so channels can be told about progress.
 */
export class OrderStatusChangedEvent {
  /** The order id. */
  @IsId()
  orderId: string;

  /** Selling channel. */
  @IsChannel()
  channel: string;

  /** The channel's order id. */
  @IsId()
  channelOrderId: string;

  /** Status before the transition. */
  @IsOneOf(ORDER_STATUSES)
  previousStatus: OrderStatus;

  /** Status after the transition. */
  @IsOneOf(ORDER_STATUSES)
  status: OrderStatus;

  /** Why, e.g. `payment pending`, `unknown SKU ABC-1`. */
  @IsOptional()
  @IsText()
  reason?: string;

  /** When the transition happened. */
  @IsTimestamp()
  changedAt: string;
}
