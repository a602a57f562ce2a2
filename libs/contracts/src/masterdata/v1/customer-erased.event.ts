import { IsId, IsTimestamp } from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';

/** Subject of {@link CustomerErasedEvent}. */
export const CUSTOMER_ERASED_SUBJECT = SUBJECTS.CUSTOMER_ERASED;

/**
 * `retail.masterdata.v1.customer.erased` (subject = customerId): personal data was erased in
 * master-data. Every service holding a copy (order addresses, return contacts) erases it too.
 */
export class CustomerErasedEvent {
  /** The canonical customer id. */
  @IsId()
  customerId: string;

  /** When it was erased. */
  @IsTimestamp()
  erasedAt: string;
}
