import { WmsRequestKind } from './wms.entities';

export interface ShipmentDocuments {
  /** What the shipment feed lists. */
  payload: Record<string, unknown>;
  /**
   * What the callback receives. For fulfillments this is exactly the order service's
   * `POST /v1/fulfillment-events` body (canonical routes reject unknown fields).
   */
  callbackBody: Record<string, unknown>;
}

interface RequestBody {
  requestId: string;
  orderId?: string;
  fulfillmentId?: string;
  locationId?: string;
  fromLocationId?: string;
  toLocationId?: string;
  lines: { lineId?: string; sku: string; quantity: number }[];
}

/** Builds the shipment confirmation of a request (pure: ids and time are passed in). */
export function shipmentDocuments(
  kind: WmsRequestKind,
  body: RequestBody,
  eventId: string,
  occurredAt: string,
): ShipmentDocuments {
  if (kind === 'transfer') {
    const payload = {
      eventId,
      type: 'transfer_shipped',
      requestId: body.requestId,
      locationId: body.fromLocationId,
      toLocationId: body.toLocationId,
      lines: body.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
      occurredAt,
    };
    return { payload, callbackBody: payload };
  }
  const carrier = {
    carrier: 'SIM-PARCEL',
    trackingNumber: `SIM${eventId.replace(/-/g, '').slice(0, 12).toUpperCase()}`,
  };
  const callbackBody = {
    eventId,
    orderId: body.orderId,
    ...(body.fulfillmentId ? { fulfillmentId: body.fulfillmentId } : {}),
    type: 'shipped',
    lines: body.lines.map((line) => ({ lineId: line.lineId, quantity: line.quantity })),
    locationId: body.locationId,
    ...carrier,
    occurredAt,
  };
  const lines = body.lines.map((line) => ({
    lineId: line.lineId,
    sku: line.sku,
    quantity: line.quantity,
  }));
  return { payload: { ...callbackBody, requestId: body.requestId, lines }, callbackBody };
}
