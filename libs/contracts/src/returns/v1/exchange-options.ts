import { IsBoolean, IsOptional, ValidateIf } from 'class-validator';
import { IsId, IsNested, IsOneOf } from '../../common/v1/decorators';
import { Address } from '../../orders/v1/address';

/** How the replacement of an exchange reaches the customer. */
export const EXCHANGE_FULFILLMENTS = ['pickup', 'ship'] as const;
/** How the replacement of an exchange reaches the customer. */
export type ExchangeFulfillment = (typeof EXCHANGE_FULFILLMENTS)[number];

/** Options of an exchange (`POST /v1/returns` with `resolution: exchange`); all optional. */
export class ExchangeOptions {
  /**
   * `pickup` (default): the replacement is picked up at `pickupLocationId`; `ship`: shipped to
   * `shippingAddress`.
   */
  @IsOptional()
  @IsOneOf(EXCHANGE_FULFILLMENTS)
  fulfillment?: ExchangeFulfillment;

  /** The store the replacement is picked up at (default: the location receiving the return). */
  @IsOptional()
  @IsId(64)
  pickupLocationId?: string;

  /** Where a shipped replacement goes (default: the original order's shipping address). */
  @ValidateIf((o: ExchangeOptions) => o.shippingAddress !== undefined)
  @IsNested(() => Address)
  shippingAddress?: Address;

  /**
   * Advance exchange: the replacement order is placed when the return is authorized, before the
   * goods come back; the return must then be received within the configured window.
   */
  @IsOptional()
  @IsBoolean()
  advance?: boolean;
}
