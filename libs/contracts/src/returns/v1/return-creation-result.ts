import { IsOptional } from 'class-validator';
import { IsId, IsNested, IsOneOf } from '../../common/v1/decorators';
import { ExchangeEstimate } from './exchange-estimate';
import { Refund } from './refund';
import { RETURN_STATUSES, ReturnStatus } from './return-status';

/** Response (201) of `POST /v1/returns`. */
export class ReturnCreationResult {
  /** The return (RMA) id. */
  @IsId()
  returnId: string;

  /** Initial status (`authorized` or `pending_approval`). */
  @IsOneOf(RETURN_STATUSES)
  status: ReturnStatus;

  /** What the refund will be if every unit passes inspection. */
  @IsNested(() => Refund)
  refundEstimate: Refund;

  /** An exchange's price difference, estimated like the refund (absent for other resolutions). */
  @IsOptional()
  @IsNested(() => ExchangeEstimate)
  exchangeEstimate?: ExchangeEstimate;
}
