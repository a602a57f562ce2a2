import type {
  CanonicalOrder,
  FulfillmentInstructionStatus,
  FulfillmentType,
  OrderStatus,
} from '@retail/contracts';

/** One line of `GET /v1/orders/{id}`: the canonical line plus its progress. */
export type OrderLineView = CanonicalOrder['lines'][number] & {
  channelSku?: string;
  shippedQuantity: number;
  /** Serial numbers shipped or picked up on this line (returns accept only these). */
  serialNumbers: string[];
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

/** `GET /v1/orders/{orderId}`: the canonical order, its status, fulfilments, ERP and timeline. */
export type OrderView = Omit<CanonicalOrder, 'lines'> & {
  orderId: string;
  status: OrderStatus;
  statusReason?: string;
  lines: OrderLineView[];
  fulfillments: FulfillmentView[];
  erp: { salesOrderId?: string; state: string; externalId: string };
  timeline: TimelineEntryView[];
  createdAt: string;
  updatedAt: string;
};
