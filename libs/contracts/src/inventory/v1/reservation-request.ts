import { IsOptional } from 'class-validator';
import { IsChannel, IsId, IsQuantity } from '../../common/v1/decorators';

/** Body of `POST /v1/reservations` (with an `Idempotency-Key`). */
export class ReservationRequest {
  /** The order the units are for. */
  @IsId()
  orderId: string;

  /** The order line. */
  @IsId()
  lineId: string;

  /** Canonical SKU. */
  @IsId(64)
  sku: string;

  /** Units wanted. */
  @IsQuantity()
  quantity: number;

  /** Selling channel (its allocation rules apply). */
  @IsChannel()
  channel: string;

  /** A location or hierarchy node to reserve from; omitted: anywhere in the network. */
  @IsOptional()
  @IsId(64)
  locationId?: string;
}
