import { IsOptional } from 'class-validator';
import { IsId, IsQuantity, IsTimestamp } from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';

/** Subject of {@link ReservationConsumedEvent}. */
export const RESERVATION_CONSUMED_SUBJECT = SUBJECTS.RESERVATION_CONSUMED;

/**
 * `retail.inventory.v1.reservation.consumed` (subject = reservationId): a shipment or pickup
 * turned reserved units into a sale (reserved and on-hand both drop).
 */
export class ReservationConsumedEvent {
  /** The reservation. */
  @IsId()
  reservationId: string;

  /** The order. */
  @IsId()
  orderId: string;

  /** The order line. */
  @IsId()
  lineId: string;

  /** Canonical SKU. */
  @IsId(64)
  sku: string;

  /** Location the units left. */
  @IsId(64)
  locationId: string;

  /** Units consumed. */
  @IsQuantity()
  quantity: number;

  /** The fulfilment event that consumed it. */
  @IsOptional()
  @IsId()
  fulfillmentEventId?: string;

  /** When it was consumed. */
  @IsTimestamp()
  consumedAt: string;
}
