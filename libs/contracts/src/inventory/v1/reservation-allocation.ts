import { IsId, IsQuantity } from '../../common/v1/decorators';

/** Units of a reservation held at one location. */
export class ReservationAllocation {
  /** The stocking location. */
  @IsId(64)
  locationId: string;

  /** Units held there. */
  @IsQuantity()
  quantity: number;
}
