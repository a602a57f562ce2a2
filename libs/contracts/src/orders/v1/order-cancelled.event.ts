import { IsOptional } from 'class-validator';
import { IsChannel, IsId, IsNestedArray, IsText, IsTimestamp } from '../../common/v1/decorators';
import { MAX_ORDER_LINES } from '../../common/v1/patterns';
import { SUBJECTS } from '../../subjects';
import { OrderLineQuantity } from './order-line-quantity';

/** Subject of {@link OrderCancelledEvent}. */
export const ORDER_CANCELLED_SUBJECT = SUBJECTS.ORDER_CANCELLED;

/**
 * `retail.orders.v1.order.cancelled` (subject = orderId): the order's unshipped units were
 * cancelled. Inventory releases their reservations; the ERP cancellation is queued.
 */
export class OrderCancelledEvent {
  /** The order id. */
  @IsId()
  orderId: string;

  /** Selling channel. */
  @IsChannel()
  channel: string;

  /** The channel's order id. */
  @IsId()
  channelOrderId: string;

  /** Units cancelled, per line. */
  @IsNestedArray(() => OrderLineQuantity, MAX_ORDER_LINES)
  lines: OrderLineQuantity[];

  /** Coded reason. */
  @IsOptional()
  @IsId(64)
  reasonCode?: string;

  /** Free-text reason. */
  @IsOptional()
  @IsText()
  reason?: string;

  /** When it was cancelled. */
  @IsTimestamp()
  cancelledAt: string;
}
