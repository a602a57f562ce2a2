import { IsBoolean } from 'class-validator';

/** What a location can do for orders and returns. */
export class LocationCapabilities {
  /** Ships parcels to customers (DC, 3PL, drop-ship vendor). */
  @IsBoolean()
  ship: boolean;

  /** Hands orders over to customers who collect them (click and collect). */
  @IsBoolean()
  pickup: boolean;

  /** A store that may ship online orders from its own stock. */
  @IsBoolean()
  shipFromStore: boolean;

  /** Accepts returned goods. */
  @IsBoolean()
  returns: boolean;
}
