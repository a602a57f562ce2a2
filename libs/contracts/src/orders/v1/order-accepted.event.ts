import { IsId, IsNested, IsOneOf, IsTimestamp } from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';
import { CanonicalOrder } from './canonical-order';
import { ORDER_STATUSES, OrderStatus } from './order-status';

/** Subject of {@link OrderAcceptedEvent}. */
export const ORDER_ACCEPTED_SUBJECT = SUBJECTS.ORDER_ACCEPTED;

/**
 * `retail.orders.v1.order.accepted` (CloudEvent `subject` = orderId): an order passed validation
 * and was durably stored, once per order. Carries the whole canonical order so consumers (returns,
 * analytics) keep their own copy.
 */
export class OrderAcceptedEvent {
  /** The order id. */
  @IsId()
  orderId: string;

  /** Status right after acceptance (`received`, `on_hold` or `exception`). */
  @IsOneOf(ORDER_STATUSES)
  status: OrderStatus;

  /** The order as accepted (channel SKUs already resolved). */
  @IsNested(() => CanonicalOrder)
  order: CanonicalOrder;

  /** When it was stored. */
  @IsTimestamp()
  acceptedAt: string;
}
