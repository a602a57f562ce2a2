/**
 * The subject catalogue: every subject the services publish, as
 * `retail.<domain>.v<major>.<aggregate>.<past-tense-event>` for events and
 * `retail.<domain>.v<major>.cmd.<aggregate>.<verb>` for commands with exactly one consumer.
 *
 * Subjects are frozen once released. Additive payload changes stay on v1 (bump the minor of
 * {@link DATA_SCHEMA_VERSION}); a breaking change is a new `v2` subject published beside v1.
 * Partitioned subjects (see {@link PARTITIONED_SUBJECTS}) are published on `<subject>.<n>`.
 */
export const SUBJECTS = {
  /** An order passed validation and was durably stored. */
  ORDER_ACCEPTED: 'retail.orders.v1.order.accepted',
  /** An order moved from one status to another. */
  ORDER_STATUS_CHANGED: 'retail.orders.v1.order.status-changed',
  /** An order (or the rest of it) was cancelled. */
  ORDER_CANCELLED: 'retail.orders.v1.order.cancelled',
  /** Units of an order left a location (shipped or picked up). */
  ORDER_SHIPPED: 'retail.orders.v1.order.shipped',
  /** Shipped units are to be invoiced. */
  INVOICE_REQUESTED: 'retail.orders.v1.invoice.requested',
  /** The customer is to be told about their order. */
  CUSTOMER_NOTIFICATION_REQUESTED: 'retail.orders.v1.customer-notification.requested',
  /** Order-ingestion erased a customer's personal data from its orders (after customer.erased). */
  CUSTOMER_ERASURE_COMPLETED: 'retail.orders.v1.customer-erasure.completed',

  /** What a channel may sell of a SKU changed (coalesced per SKU and channel). */
  AVAILABILITY_CHANGED: 'retail.inventory.v1.availability.changed',
  /** A movement was applied to a position. Partitioned by SKU and location. */
  MOVEMENT_RECORDED: 'retail.inventory.v1.movement.recorded',
  /** Units were reserved for an order line. */
  RESERVATION_CREATED: 'retail.inventory.v1.reservation.created',
  /** A reservation was released (cancellation, reallocation). */
  RESERVATION_RELEASED: 'retail.inventory.v1.reservation.released',
  /** A reservation was consumed by a shipment or pickup. */
  RESERVATION_CONSUMED: 'retail.inventory.v1.reservation.consumed',
  /** Command to inventory: record a movement. Partitioned by SKU and location. */
  CMD_MOVEMENT_RECORD: 'retail.inventory.v1.cmd.movement.record',

  /** A return was authorized (RMA issued). */
  RETURN_AUTHORIZED: 'retail.returns.v1.return.authorized',
  /** A return was rejected after review. */
  RETURN_REJECTED: 'retail.returns.v1.return.rejected',
  /** Returned goods arrived at the receiving location. */
  RETURN_RECEIVED: 'retail.returns.v1.return.received',
  /** Returned goods were inspected and dispositioned. */
  RETURN_INSPECTED: 'retail.returns.v1.return.inspected',
  /** The refund (or store credit) was issued. */
  RETURN_REFUNDED: 'retail.returns.v1.return.refunded',
  /** The return is complete. */
  RETURN_CLOSED: 'retail.returns.v1.return.closed',

  /** A product was created or updated. */
  PRODUCT_CHANGED: 'retail.masterdata.v1.product.changed',
  /** A location was created or updated. */
  LOCATION_CHANGED: 'retail.masterdata.v1.location.changed',
  /** A channel SKU mapping was created or updated. */
  CHANNEL_MAPPING_CHANGED: 'retail.masterdata.v1.channel-mapping.changed',
  /** A customer was created or updated (ids only: no personal data on the wire). */
  CUSTOMER_CHANGED: 'retail.masterdata.v1.customer.changed',
  /** A customer's personal data was erased: every holder of a copy must erase it too. */
  CUSTOMER_ERASED: 'retail.masterdata.v1.customer.erased',
} as const;

/** Any catalogued subject (without partition token). */
export type Subject = (typeof SUBJECTS)[keyof typeof SUBJECTS];

/** Every catalogued subject. */
export const ALL_SUBJECTS: readonly Subject[] = Object.values(SUBJECTS);

/**
 * Major.minor version of each subject's `data` schema, sent as the CloudEvent
 * `dataschemaversion`. Bump the minor for an additive change; a major change is a new subject.
 */
export const DATA_SCHEMA_VERSION: Readonly<Record<Subject, string>> = Object.fromEntries(
  ALL_SUBJECTS.map((subject) => [subject, '1.0']),
) as Record<Subject, string>;

/** Subjects published with a trailing partition token, so order is kept per SKU and location. */
export const PARTITIONED_SUBJECTS: readonly Subject[] = [
  SUBJECTS.MOVEMENT_RECORDED,
  SUBJECTS.CMD_MOVEMENT_RECORD,
];

/**
 * Default partition count of the partitioned subjects. Changing it re-maps positions to
 * partitions, so drain the consumers first; it is configuration, not contract.
 */
export const DEFAULT_MOVEMENT_PARTITIONS = 8;

/** Whether `subject` is published with a partition token. */
export function isPartitioned(subject: Subject): boolean {
  return PARTITIONED_SUBJECTS.includes(subject);
}

/** Consumer filter for a subject: `<subject>.*` when partitioned, else the subject itself. */
export function subjectFilter(subject: Subject): string {
  return isPartitioned(subject) ? `${subject}.*` : subject;
}

/** Concrete subject of `retail.inventory.v1.movement.recorded` for one partition. */
export function movementRecordedSubject(partition: number): string {
  return `${SUBJECTS.MOVEMENT_RECORDED}.${checkPartition(partition)}`;
}

/** Concrete subject of `retail.inventory.v1.cmd.movement.record` for one partition. */
export function movementRecordCommandSubject(partition: number): string {
  return `${SUBJECTS.CMD_MOVEMENT_RECORD}.${checkPartition(partition)}`;
}

/**
 * The catalogued subject a concrete subject (or CloudEvent `type`) belongs to: strips the
 * partition token of partitioned subjects. `undefined` when the subject is not catalogued.
 */
export function catalogueSubjectOf(concrete: string): Subject | undefined {
  if ((ALL_SUBJECTS as readonly string[]).includes(concrete)) {
    const subject = concrete as Subject;
    return isPartitioned(subject) ? undefined : subject;
  }
  const cut = concrete.lastIndexOf('.');
  const base = concrete.slice(0, cut) as Subject;
  const token = concrete.slice(cut + 1);
  return /^\d+$/.test(token) && PARTITIONED_SUBJECTS.includes(base) ? base : undefined;
}

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Partition of a position: FNV-1a (32 bit) of the UTF-8 bytes of `sku`, a unit separator and
 * `locationId`, modulo `partitions`. Stable across processes, releases and languages, so every
 * producer sends a position's movements to the same partition and their order is kept.
 */
export function partitionOf(sku: string, locationId: string, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
  }
  return fnv1a32(`${sku}\u001f${locationId}`) % partitions;
}

/** FNV-1a 32-bit hash of the UTF-8 encoding of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of new TextEncoder().encode(text)) {
    hash = Math.imul(hash ^ byte, FNV_PRIME);
  }
  return hash >>> 0;
}

function checkPartition(partition: number): number {
  if (!Number.isInteger(partition) || partition < 0) {
    throw new RangeError(`partition must be a non-negative integer, got ${partition}`);
  }
  return partition;
}
