import { IsOptional } from 'class-validator';
import { IsId, IsText } from '../../common/v1/decorators';

/**
 * Body of `POST /v1/orders/{id}/cancel` (with an `Idempotency-Key`; may be empty). Releases the
 * reservations and cancels in the ERP; refused (409) when lines were already shipped.
 */
export class CancelOrder {
  /** Coded reason, e.g. `customer_request`, `fraud`, `out_of_stock`. */
  @IsOptional()
  @IsId(64)
  reasonCode?: string;

  /** Free-text reason. */
  @IsOptional()
  @IsText()
  reason?: string;
}
