import { ContractClass } from './common/v1/validate-contract';
import { AvailabilityChangedEvent } from './inventory/v1/availability-changed.event';
import { MovementRecordedEvent } from './inventory/v1/movement-recorded.event';
import { RecordMovementCommand } from './inventory/v1/record-movement.command';
import { ReservationConsumedEvent } from './inventory/v1/reservation-consumed.event';
import { ReservationCreatedEvent } from './inventory/v1/reservation-created.event';
import { ReservationReleasedEvent } from './inventory/v1/reservation-released.event';
import { ChannelMappingChangedEvent } from './masterdata/v1/channel-mapping-changed.event';
import { CustomerChangedEvent } from './masterdata/v1/customer-changed.event';
import { CustomerErasedEvent } from './masterdata/v1/customer-erased.event';
import { LocationChangedEvent } from './masterdata/v1/location-changed.event';
import { ProductChangedEvent } from './masterdata/v1/product-changed.event';
import { CustomerErasureCompletedEvent } from './orders/v1/customer-erasure-completed.event';
import { CustomerNotificationRequestedEvent } from './orders/v1/customer-notification-requested.event';
import { InvoiceRequestedEvent } from './orders/v1/invoice-requested.event';
import { OrderAcceptedEvent } from './orders/v1/order-accepted.event';
import { OrderCancelledEvent } from './orders/v1/order-cancelled.event';
import { OrderShippedEvent } from './orders/v1/order-shipped.event';
import { OrderStatusChangedEvent } from './orders/v1/order-status-changed.event';
import { ReturnAuthorizedEvent } from './returns/v1/return-authorized.event';
import { ReturnClosedEvent } from './returns/v1/return-closed.event';
import { ReturnInspectedEvent } from './returns/v1/return-inspected.event';
import { ReturnReceivedEvent } from './returns/v1/return-received.event';
import { ReturnRefundedEvent } from './returns/v1/return-refunded.event';
import { ReturnRejectedEvent } from './returns/v1/return-rejected.event';
import { DATA_SCHEMA_VERSION, isPartitioned, Subject, SUBJECTS } from './subjects';

/** The services that own subjects. */
export type ServiceName = 'order-ingestion' | 'inventory' | 'returns' | 'master-data';

/** What the catalogue knows about one subject. */
export interface EventCatalogueEntry<T extends object = object> {
  /** The subject (without partition token). */
  subject: Subject;
  /** `event` (past tense, any number of consumers) or `command` (exactly one consumer). */
  kind: 'event' | 'command';
  /** Class of the CloudEvent `data`. */
  dataClass: ContractClass<T>;
  /** Current `dataschemaversion`. */
  dataschemaversion: string;
  /** Whether it is published on `<subject>.<partition>`. */
  partitioned: boolean;
  /** Publisher of an event; the only consumer of a command. */
  owner: ServiceName;
}

function entry<T extends object>(
  subject: Subject,
  dataClass: ContractClass<T>,
  owner: ServiceName,
): EventCatalogueEntry<T> {
  const kind = subject.includes('.cmd.') ? 'command' : 'event';
  const dataschemaversion = DATA_SCHEMA_VERSION[subject];
  return {
    subject,
    kind,
    dataClass,
    dataschemaversion,
    partitioned: isPartitioned(subject),
    owner,
  };
}

const S = SUBJECTS;

/** Every subject with its payload class, schema version and owner. */
export const EVENT_CATALOGUE = {
  [S.ORDER_ACCEPTED]: entry(S.ORDER_ACCEPTED, OrderAcceptedEvent, 'order-ingestion'),
  [S.ORDER_STATUS_CHANGED]: entry(
    S.ORDER_STATUS_CHANGED,
    OrderStatusChangedEvent,
    'order-ingestion',
  ),
  [S.ORDER_CANCELLED]: entry(S.ORDER_CANCELLED, OrderCancelledEvent, 'order-ingestion'),
  [S.ORDER_SHIPPED]: entry(S.ORDER_SHIPPED, OrderShippedEvent, 'order-ingestion'),
  [S.INVOICE_REQUESTED]: entry(S.INVOICE_REQUESTED, InvoiceRequestedEvent, 'order-ingestion'),
  [S.CUSTOMER_NOTIFICATION_REQUESTED]: entry(
    S.CUSTOMER_NOTIFICATION_REQUESTED,
    CustomerNotificationRequestedEvent,
    'order-ingestion',
  ),
  [S.CUSTOMER_ERASURE_COMPLETED]: entry(
    S.CUSTOMER_ERASURE_COMPLETED,
    CustomerErasureCompletedEvent,
    'order-ingestion',
  ),
  [S.AVAILABILITY_CHANGED]: entry(S.AVAILABILITY_CHANGED, AvailabilityChangedEvent, 'inventory'),
  [S.MOVEMENT_RECORDED]: entry(S.MOVEMENT_RECORDED, MovementRecordedEvent, 'inventory'),
  [S.RESERVATION_CREATED]: entry(S.RESERVATION_CREATED, ReservationCreatedEvent, 'inventory'),
  [S.RESERVATION_RELEASED]: entry(S.RESERVATION_RELEASED, ReservationReleasedEvent, 'inventory'),
  [S.RESERVATION_CONSUMED]: entry(S.RESERVATION_CONSUMED, ReservationConsumedEvent, 'inventory'),
  [S.CMD_MOVEMENT_RECORD]: entry(S.CMD_MOVEMENT_RECORD, RecordMovementCommand, 'inventory'),
  [S.RETURN_AUTHORIZED]: entry(S.RETURN_AUTHORIZED, ReturnAuthorizedEvent, 'returns'),
  [S.RETURN_REJECTED]: entry(S.RETURN_REJECTED, ReturnRejectedEvent, 'returns'),
  [S.RETURN_RECEIVED]: entry(S.RETURN_RECEIVED, ReturnReceivedEvent, 'returns'),
  [S.RETURN_INSPECTED]: entry(S.RETURN_INSPECTED, ReturnInspectedEvent, 'returns'),
  [S.RETURN_REFUNDED]: entry(S.RETURN_REFUNDED, ReturnRefundedEvent, 'returns'),
  [S.RETURN_CLOSED]: entry(S.RETURN_CLOSED, ReturnClosedEvent, 'returns'),
  [S.PRODUCT_CHANGED]: entry(S.PRODUCT_CHANGED, ProductChangedEvent, 'master-data'),
  [S.LOCATION_CHANGED]: entry(S.LOCATION_CHANGED, LocationChangedEvent, 'master-data'),
  [S.CHANNEL_MAPPING_CHANGED]: entry(
    S.CHANNEL_MAPPING_CHANGED,
    ChannelMappingChangedEvent,
    'master-data',
  ),
  [S.CUSTOMER_CHANGED]: entry(S.CUSTOMER_CHANGED, CustomerChangedEvent, 'master-data'),
  [S.CUSTOMER_ERASED]: entry(S.CUSTOMER_ERASED, CustomerErasedEvent, 'master-data'),
} satisfies Record<Subject, EventCatalogueEntry>;

/** The `data` type of a subject, e.g. `EventDataOf<'retail.orders.v1.order.accepted'>`. */
export type EventDataOf<S extends Subject> = InstanceType<(typeof EVENT_CATALOGUE)[S]['dataClass']>;
