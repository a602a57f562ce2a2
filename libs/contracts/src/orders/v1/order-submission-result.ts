import { IsBoolean, IsOptional } from 'class-validator';
import { IsId, IsOneOf } from '../../common/v1/decorators';
import { ORDER_STATUSES, OrderStatus } from './order-status';

/** Response (202) of every order-creating route: the order is durably stored. */
export class OrderSubmissionResult {
  /** The order id (the same one when the channel order is sent again). */
  @IsId()
  orderId: string;

  /** Current status. */
  @IsOneOf(ORDER_STATUSES)
  status: OrderStatus;

  /** Correlation id of the request (also in `x-correlation-id`). */
  @IsId()
  correlationId: string;

  /**
   * True when the channel order (or this delivery) was already stored: nothing was created or
   * changed. Channel-native routes always say it, so a puller can tell a known order from a new one.
   */
  @IsOptional()
  @IsBoolean()
  alreadyKnown?: boolean;
}
