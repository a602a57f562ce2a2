import { ArrayMinSize, IsOptional } from 'class-validator';
import {
  IsChannel,
  IsId,
  IsNested,
  IsNestedArray,
  IsOneOf,
  IsTimestamp,
} from '../../common/v1/decorators';
import { MAX_ORDER_LINES } from '../../common/v1/patterns';
import { SUBJECTS } from '../../subjects';
import { ExchangeLine } from './exchange-line';
import { Refund } from './refund';
import { RETURN_RESOLUTIONS, ReturnResolution } from './return-resolution';
import { ReturnRequestLine } from './return-request-line';

/** Subject of {@link ReturnAuthorizedEvent}. */
export const RETURN_AUTHORIZED_SUBJECT = SUBJECTS.RETURN_AUTHORIZED;

/** `retail.returns.v1.return.authorized` (subject = returnId): an RMA was issued. */
export class ReturnAuthorizedEvent {
  /** The return. */
  @IsId()
  returnId: string;

  /** The original order. */
  @IsId()
  orderId: string;

  /** Where the return started. */
  @IsChannel()
  channel: string;

  /** Receiving location. */
  @IsId(64)
  locationId: string;

  /** Lines authorized. */
  @IsNestedArray(() => ReturnRequestLine, MAX_ORDER_LINES)
  @ArrayMinSize(1)
  lines: ReturnRequestLine[];

  /** What the customer gets back. */
  @IsOneOf(RETURN_RESOLUTIONS)
  resolution: ReturnResolution;

  /** Replacements of an exchange. */
  @IsOptional()
  @IsNestedArray(() => ExchangeLine, MAX_ORDER_LINES)
  exchangeLines?: ExchangeLine[];

  /** Expected refund if every unit passes inspection. */
  @IsNested(() => Refund)
  refundEstimate: Refund;

  /** When it was authorized. */
  @IsTimestamp()
  authorizedAt: string;
}
