import { IsOptional } from 'class-validator';
import { IsCount, IsId, IsTimestamp } from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';

/** Subject of {@link CustomerErasureCompletedEvent}. */
export const CUSTOMER_ERASURE_COMPLETED_SUBJECT = SUBJECTS.CUSTOMER_ERASURE_COMPLETED;

/**
 * `retail.orders.v1.customer-erasure.completed` (subject = customerId): a service finished
 * erasing its copy of a customer's personal data after `retail.masterdata.v1.customer.erased`.
 * Master-data collects one per service to report erasure progress. Ids and counts only.
 */
export class CustomerErasureCompletedEvent {
  /** The canonical customer id named by `customer.erased`. */
  @IsId()
  customerId: string;

  /** The service that erased its copy, e.g. `order-ingestion`. */
  @IsId(64)
  service: string;

  /** How many orders had personal fields removed (order-ingestion; may be 0). */
  @IsOptional()
  @IsCount()
  ordersErased?: number;

  /** When the service's erasure committed. */
  @IsTimestamp()
  erasedAt: string;
}
