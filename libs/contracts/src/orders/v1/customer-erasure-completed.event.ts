import { IsOptional } from 'class-validator';
import { IsCount, IsId, IsTimestamp } from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';

/** Subject of {@link CustomerErasureCompletedEvent}. */
export const CUSTOMER_ERASURE_COMPLETED_SUBJECT = SUBJECTS.CUSTOMER_ERASURE_COMPLETED;

/**
 * `retail.orders.v1.customer-erasure.completed` (subject = customerId): a service finished
 * erasing its copy of a customer's personal data after `retail.masterdata.v1.customer.erased`.
 * Published by every service that erases (order-ingestion, returns, channel-sync; `service` says
 * which), whatever its own stream: the subject keeps its released name and so lands in
 * `RETAIL_ORDERS` (ADR 0035). Master-data collects one per service to report erasure progress.
 * Ids and counts only.
 */
export class CustomerErasureCompletedEvent {
  /** The canonical customer id named by `customer.erased`. */
  @IsId()
  customerId: string;

  /** The service that erased its copy: `order-ingestion`, `returns` or `channel-sync`. */
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

/**
 * The outbox draft of a service's confirmation (type = subject, subject = customerId), enqueued
 * in the transaction that finishes its erasure.
 */
export function customerErasureCompleted(
  service: string,
  customerId: string,
  counts: Pick<CustomerErasureCompletedEvent, 'ordersErased'> = {},
): { type: string; subject: string; data: CustomerErasureCompletedEvent } {
  return {
    type: CUSTOMER_ERASURE_COMPLETED_SUBJECT,
    subject: customerId,
    data: { customerId, service, ...counts, erasedAt: new Date().toISOString() },
  };
}
