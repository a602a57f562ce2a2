import {
  type CanonicalOrder,
  FraudAssessment,
  FULFILLMENT_INSTRUCTION_STATUSES,
  FULFILLMENT_TYPES,
  type FulfillmentInstructionStatus,
  type FulfillmentType,
  LineFulfillment,
  ORDER_STATUSES,
  OrderShipping,
  type OrderStatus,
  Payment,
} from '@retail/contracts';
import { OpenApi } from '@retail/platform-http';

/** One line of `GET /v1/orders/{id}`: the canonical line plus its progress. */
export type OrderLineView = CanonicalOrder['lines'][number] & {
  channelSku?: string;
  shippedQuantity: number;
  /** Serial numbers shipped or picked up on this line (returns accept only these). */
  serialNumbers: string[];
  /** Lots shipped or picked up on this line (a return must name one of them, ADR 0040). */
  lotNumbers: string[];
  /** Units of this line received back by returns (rejected returns never count). */
  returnedQuantity: number;
  reservationId?: string;
  reservationStatus?: string;
};

export interface FulfillmentView {
  fulfillmentId: string;
  orderId: string;
  type: FulfillmentType;
  locationId?: string;
  lines: Array<{ lineId: string; sku: string; quantity: number }>;
  shippingAddress?: CanonicalOrder['shippingAddress'];
  status: FulfillmentInstructionStatus;
}

export interface TimelineEntryView {
  at: string;
  fromStatus?: OrderStatus;
  status: OrderStatus;
  step: string;
  causeEventId?: string;
  reason?: string;
  transformations: unknown[];
}

/** A return that touched the order, as learnt from the `return.*` events (ADR 0040). */
export interface OrderReturnView {
  returnId: string;
  /** The furthest status the return reached: authorized ... closed, or rejected. */
  status: string;
  lines: Array<{ lineId: string; quantity: number }>;
  /** When its goods arrived; only then do its lines count as returned. */
  receivedAt?: string;
}

/** `GET /v1/orders/{orderId}`: the canonical order, its status, fulfilments, ERP and timeline. */
export type OrderView = Omit<CanonicalOrder, 'lines'> & {
  orderId: string;
  status: OrderStatus;
  statusReason?: string;
  lines: OrderLineView[];
  fulfillments: FulfillmentView[];
  erp: { salesOrderId?: string; state: string; externalId: string };
  timeline: TimelineEntryView[];
  returns: OrderReturnView[];
  createdAt: string;
  updatedAt: string;
};

const { array, dateTime, integer, json, object, oneOf, ref, string } = OpenApi;

/** Addresses and customer as stored: personal fields leave them when the customer is erased. */
const erasable = (contract: string) =>
  json({ description: `The ${contract} (contract), without its personal fields once erased` });

/** Schema of {@link OrderView} (`GET /v1/orders/{orderId}`). */
export const ORDER_VIEW_SCHEMA = object(
  {
    orderId: string({ format: 'uuid' }),
    channel: string(),
    channelOrderId: string(),
    orderedAt: dateTime(),
    currency: string({ pattern: '^[A-Z]{3}$' }),
    customer: erasable('CustomerRef'),
    payment: ref(Payment),
    status: oneOf(ORDER_STATUSES),
    lines: array(
      object(
        {
          lineId: string(),
          quantity: integer(),
          unitPrice: integer(),
          discount: integer(),
          tax: integer(),
          fulfillment: ref(LineFulfillment),
          shippedQuantity: integer({ minimum: 0 }),
          serialNumbers: array(string()),
          lotNumbers: array(string(), { description: 'Lots shipped on this line' }),
          returnedQuantity: integer({
            minimum: 0,
            description: 'Units received back by returns (rejected returns never count)',
          }),
        },
        {
          sku: string(),
          kind: string(),
          title: string(),
          channelSku: string(),
          reservationId: string(),
          reservationStatus: string(),
        },
      ),
    ),
    fulfillments: array(
      object(
        {
          fulfillmentId: string(),
          orderId: string(),
          type: oneOf(FULFILLMENT_TYPES),
          lines: array(object({ lineId: string(), sku: string(), quantity: integer() })),
          status: oneOf(FULFILLMENT_INSTRUCTION_STATUSES),
        },
        { locationId: string(), shippingAddress: erasable('Address') },
      ),
    ),
    erp: object({ state: string(), externalId: string() }, { salesOrderId: string() }),
    timeline: array(
      object(
        {
          at: dateTime(),
          status: oneOf(ORDER_STATUSES),
          step: string(),
          transformations: array(json()),
        },
        { fromStatus: oneOf(ORDER_STATUSES), causeEventId: string(), reason: string() },
      ),
    ),
    returns: array(
      object(
        {
          returnId: string(),
          status: string({ description: 'The furthest status reached (rejected is final)' }),
          lines: array(object({ lineId: string(), quantity: integer({ minimum: 1 }) })),
        },
        { receivedAt: dateTime() },
      ),
      { description: 'The returns that touched the order, oldest first' },
    ),
    createdAt: dateTime(),
    updatedAt: dateTime(),
  },
  {
    statusReason: string(),
    shippingAddress: erasable('Address'),
    billingAddress: erasable('Address'),
    shipping: ref(OrderShipping),
    payments: array(ref(Payment)),
    fraud: ref(FraudAssessment),
    exchangeForReturnId: string({ description: 'The return this replacement order belongs to' }),
  },
);

/** Contract classes the order view refers to (for `@ApiExtraModels`). */
export const ORDER_VIEW_MODELS = [Payment, LineFulfillment, OrderShipping, FraudAssessment];

/** Schema of `GET /v1/orders`: a page of order summaries, newest first. */
export const ORDER_PAGE_SCHEMA = object(
  {
    items: array(
      object(
        {
          orderId: string({ format: 'uuid' }),
          channel: string(),
          channelOrderId: string(),
          status: oneOf(ORDER_STATUSES),
          erp: object({ state: string() }, { salesOrderId: string() }),
          createdAt: dateTime(),
        },
        { statusReason: string() },
      ),
    ),
  },
  { nextCursor: string({ format: 'uuid', description: 'Pass as `cursor` for the next page' }) },
);

/** What the operations on one order answer: its id, new status and the request's correlation id. */
export const orderChangeSchema = (statuses: readonly OrderStatus[], extra = {}) =>
  object({ orderId: string(), status: oneOf(statuses), ...extra, correlationId: string() });
