import { ArrayMinSize, IsOptional, ValidateIf } from 'class-validator';
import { IsChannel, IsId, IsNested, IsNestedArray, IsOneOf } from '../../common/v1/decorators';
import { MAX_ORDER_LINES } from '../../common/v1/patterns';
import { ExchangeLine } from './exchange-line';
import { ExchangeOptions } from './exchange-options';
import { RETURN_RESOLUTIONS, ReturnResolution } from './return-resolution';
import { ReturnRequestLine } from './return-request-line';

/**
 * Body of `POST /v1/returns` (with an `Idempotency-Key`). Refused (422) beyond shipped-minus-
 * returned quantity, outside the return window, for non-returnable products and for serials not
 * shipped on the order.
 */
export class ReturnRequest {
  /** The original order. */
  @IsId()
  orderId: string;

  /** Where the return starts, e.g. `pos`, `web`, `shopify`. */
  @IsChannel()
  channel: string;

  /** The location receiving the goods. */
  @IsId(64)
  locationId: string;

  /** Lines returned. */
  @IsNestedArray(() => ReturnRequestLine, MAX_ORDER_LINES)
  @ArrayMinSize(1)
  lines: ReturnRequestLine[];

  /** What the customer gets back. */
  @IsOneOf(RETURN_RESOLUTIONS)
  resolution: ReturnResolution;

  /** Replacements; required when `resolution` is `exchange`. */
  @ValidateIf((r: ReturnRequest) => r.resolution === 'exchange' || r.exchangeLines !== undefined)
  @IsNestedArray(() => ExchangeLine, MAX_ORDER_LINES)
  @ArrayMinSize(1)
  exchangeLines?: ExchangeLine[];

  /** Fulfilment and timing of an exchange's replacement (pickup at the returning store if absent). */
  @IsOptional()
  @IsNested(() => ExchangeOptions)
  exchange?: ExchangeOptions;
}
