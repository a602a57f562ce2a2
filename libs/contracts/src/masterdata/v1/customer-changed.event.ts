import { IsInt, Min } from 'class-validator';
import { IsId, IsNestedArray, IsTimestamp } from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';
import { CustomerChannelIdentity } from './customer-channel-identity';

/** Subject of {@link CustomerChangedEvent}. */
export const CUSTOMER_CHANGED_SUBJECT = SUBJECTS.CUSTOMER_CHANGED;

/**
 * `retail.masterdata.v1.customer.changed` (subject = customerId). Ids only: personal data stays in
 * master-data, because events are retained and replayed and could not be erased from streams.
 */
export class CustomerChangedEvent {
  /** The canonical customer id. */
  @IsId()
  customerId: string;

  /** The customer's ids in the channels. */
  @IsNestedArray(() => CustomerChannelIdentity, 100)
  channelIdentities: CustomerChannelIdentity[];

  /** The customer's version after the change. */
  @IsInt()
  @Min(0)
  version: number;

  /** When it changed. */
  @IsTimestamp()
  changedAt: string;
}
