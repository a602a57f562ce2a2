import {
  IsChannel,
  IsId,
  IsNestedArray,
  IsOneOf,
  IsQuantity,
  IsTimestamp,
} from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';
import { ReservationAllocation } from './reservation-allocation';
import { RESERVATION_STATUSES, ReservationStatus } from './reservation-result';

/** Subject of {@link ReservationCreatedEvent}. */
export const RESERVATION_CREATED_SUBJECT = SUBJECTS.RESERVATION_CREATED;

/** `retail.inventory.v1.reservation.created` (subject = reservationId). */
export class ReservationCreatedEvent {
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

  /** Selling channel. */
  @IsChannel()
  channel: string;

  /** Units requested. */
  @IsQuantity()
  requestedQuantity: number;

  /** `reserved`, `partial` or `backordered`. */
  @IsOneOf(RESERVATION_STATUSES)
  status: ReservationStatus;

  /** Units held, per location. */
  @IsNestedArray(() => ReservationAllocation, 1000)
  allocations: ReservationAllocation[];

  /** When it was made. */
  @IsTimestamp()
  createdAt: string;
}
