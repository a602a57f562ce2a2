import { IsId, IsNested, IsOneOf } from '../../common/v1/decorators';
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
}
