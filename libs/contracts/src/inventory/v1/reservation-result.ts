import { IsId, IsNestedArray, IsOneOf } from '../../common/v1/decorators';
import { ReservationAllocation } from './reservation-allocation';

/** Outcome of a reservation: all, some or none of the units were held. */
export const RESERVATION_STATUSES = ['reserved', 'partial', 'backordered'] as const;
/** Outcome of a reservation. */
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** Response of `POST /v1/reservations`. */
export class ReservationResult {
  /** Id for release (`POST /v1/reservations/{id}/release`). */
  @IsId()
  reservationId: string;

  /** `reserved` (all units), `partial` or `backordered` (none). */
  @IsOneOf(RESERVATION_STATUSES)
  status: ReservationStatus;

  /** Where the units are held; empty when backordered. */
  @IsNestedArray(() => ReservationAllocation, 1000)
  allocations: ReservationAllocation[];
}
