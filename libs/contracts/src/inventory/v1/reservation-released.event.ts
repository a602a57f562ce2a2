import { IsOptional } from 'class-validator';
import { IsId, IsNestedArray, IsTimestamp } from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';
import { ReservationAllocation } from './reservation-allocation';

/** Subject of {@link ReservationReleasedEvent}. */
export const RESERVATION_RELEASED_SUBJECT = SUBJECTS.RESERVATION_RELEASED;

/** `retail.inventory.v1.reservation.released` (subject = reservationId): units back to sale. */
export class ReservationReleasedEvent {
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

  /** Units released, per location. */
  @IsNestedArray(() => ReservationAllocation, 1000)
  allocations: ReservationAllocation[];

  /** Coded reason, e.g. `order_cancelled`, `manual`. */
  @IsOptional()
  @IsId(64)
  reasonCode?: string;

  /** When it was released. */
  @IsTimestamp()
  releasedAt: string;
}
