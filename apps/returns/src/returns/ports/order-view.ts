import type { Address } from '@retail/contracts';

/** What returns needs of an order, read from order-ingestion's `GET /v1/orders/{orderId}`. */
export interface OrderLineView {
  lineId: string;
  sku: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  tax: number;
}

/** Units of one order line that reached the customer in one fulfilment. */
export interface ShipmentView {
  lineId: string;
  quantity: number;
  serialNumbers: string[];
  lotNumbers: string[];
  locationId?: string;
  /** When the units left (shipped) and when they reached the customer (delivered/picked up). */
  shippedAt?: string;
  deliveredAt?: string;
}

export interface OrderView {
  orderId: string;
  channel: string;
  channelOrderId: string;
  status: string;
  currency: string;
  orderedAt: string;
  customerId?: string;
  lines: OrderLineView[];
  /** Shipping charged, gross (amount - discount + tax). */
  shippingTotal: number;
  payment: { status: string; method: string; reference: string; amount: number };
  shipments: ShipmentView[];
  /** The ERP sales order's external id, when order-ingestion reports it. */
  erpSalesOrderExternalId?: string;
  /** Where the order shipped (a shipped exchange replacement goes there by default). */
  shippingAddress?: Address;
}
