import { CallContext } from '@retail/platform-http-client';

export interface WmsFulfillmentRequest {
  /** Our key for the request (e.g. the fulfillment instruction id): a repeat creates nothing. */
  requestId: string;
  orderId: string;
  fulfillmentId?: string;
  locationId: string;
  lines: { lineId: string; sku: string; quantity: number }[];
  shipTo?: { name?: string; line1?: string; city?: string; postalCode?: string; country?: string };
  /** The WMS POSTs the shipment confirmation here when it ships (optional). */
  callbackUrl?: string;
  /** Headers for the callback (e.g. the receiving service's x-api-key). */
  callbackHeaders?: Record<string, string>;
}

export interface WmsTransferRequest {
  requestId: string;
  fromLocationId: string;
  toLocationId: string;
  lines: { sku: string; quantity: number }[];
  callbackUrl?: string;
  callbackHeaders?: Record<string, string>;
}

/** Where a disposition transfer sends goods that leave our stock for good. */
export type WmsDispositionType = 'LIQUIDATION' | 'RECYCLING' | 'DESTRUCTION';

/**
 * Goods handed to a disposition partner (a liquidator buying scrapped returns, a recycler): a
 * transfer order out of our network, `POST /wms/v1/disposition-transfers`.
 */
export interface WmsDispositionTransfer {
  /** Our key (e.g. `<returnId>-liquidation`): a repeat creates nothing. */
  requestId: string;
  fromLocationId: string;
  /** The partner's id in the WMS. */
  partnerId: string;
  dispositionType: WmsDispositionType;
  /** Our reference, e.g. the return id. */
  reference?: string;
  notes?: string;
  lines: { sku: string; quantity: number; lotNumber?: string }[];
}

export interface WmsRequestResult {
  /** The WMS's id for the request. */
  wmsRequestId: string;
  status: string;
  /** True when the WMS already had this requestId (nothing new was created). */
  duplicate: boolean;
}

/**
 * Shipment confirmation. For fulfillments it has the shape of the order service's
 * `POST /v1/fulfillment-events` body; transfers carry `transferRequestId` and `sku` lines.
 */
export interface WmsShipment {
  eventId: string;
  type: 'shipped' | 'transfer_shipped';
  requestId: string;
  orderId?: string;
  fulfillmentId?: string;
  locationId: string;
  toLocationId?: string;
  lines: { lineId?: string; sku?: string; quantity: number }[];
  carrier?: string;
  trackingNumber?: string;
  occurredAt: string;
}

export interface WmsShipmentFeed {
  shipments: WmsShipment[];
  /** Pass back on the next poll; unchanged when nothing new shipped. */
  cursor: string;
}

/** The warehouse management system: accepts work, later confirms shipments. */
export interface WmsAdapter {
  requestFulfillment(request: WmsFulfillmentRequest, ctx: CallContext): Promise<WmsRequestResult>;
  requestTransfer(request: WmsTransferRequest, ctx: CallContext): Promise<WmsRequestResult>;
  /** Hands goods to a disposition partner, once per `requestId`. */
  requestDispositionTransfer(
    request: WmsDispositionTransfer,
    ctx: CallContext,
  ): Promise<WmsRequestResult>;
  /** Shipment confirmations after `cursor` (polling alternative to callbacks). */
  listShipments(
    page: { cursor?: string; limit?: number },
    ctx: CallContext,
  ): Promise<WmsShipmentFeed>;
}
