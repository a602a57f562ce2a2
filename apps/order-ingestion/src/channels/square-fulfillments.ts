import type { LineFulfillment } from '@retail/contracts';
import { isObject, Json, MappingContext, objectsOf, textOf } from './mapping-context';

// Square fulfillments -> canonical line fulfilment. PICKUP and IN_STORE hand the goods over at
// the order's location (Square has one location per order); SHIPMENT and DELIVERY ship.

/** Line uid -> fulfilment, from the non-cancelled fulfillments (ENTRY_LIST first, then ALL). */
export function fulfillmentByLine(ctx: MappingContext, o: Json): Map<string, LineFulfillment> {
  const locationId = textOf(o.location_id, 64);
  const byLine = new Map<string, LineFulfillment>();
  const active = objectsOf(o.fulfillments).filter(
    (f) => f.state !== 'CANCELED' && f.state !== 'FAILED',
  );
  const entryLists = active.filter((f) => f.line_item_application === 'ENTRY_LIST');
  const forAll = active.filter((f) => f.line_item_application !== 'ENTRY_LIST');
  for (const f of entryLists) {
    const target = fulfillmentOf(f, locationId);
    objectsOf(f.entries).forEach(
      (e) => byLine.has(String(e.line_item_uid)) || byLine.set(String(e.line_item_uid), target),
    );
  }
  const all = forAll[0] ? fulfillmentOf(forAll[0], locationId) : undefined;
  objectsOf(o.line_items).forEach(
    (li) => all && !byLine.has(String(li.uid)) && byLine.set(String(li.uid), all),
  );
  ctx.note(
    `fulfillments: ${active.map((f) => `${String(f.type)}(${String(f.line_item_application ?? 'ALL')})`).join(', ') || 'none'}`,
  );
  return byLine;
}

function fulfillmentOf(f: Json, locationId: string | undefined): LineFulfillment {
  const atStore = f.type === 'PICKUP' || f.type === 'IN_STORE';
  return atStore && locationId ? { type: 'pickup', locationId } : { type: 'ship' };
}

/** No fulfillment at all: a counter sale at the POS, handed over at the order's location. */
export function counterSale(
  ctx: MappingContext,
  lineId: string,
  locationId: string | undefined,
): LineFulfillment {
  ctx.note(`line ${lineId}: no fulfillment -> counter sale, pickup at the order location`);
  return locationId ? { type: 'pickup', locationId } : { type: 'ship' };
}

export function shipmentRecipient(o: Json): Json {
  const f = objectsOf(o.fulfillments).find((x) => x.type === 'SHIPMENT' || x.type === 'DELIVERY');
  const details = f && (isObject(f.shipment_details) ? f.shipment_details : f.delivery_details);
  return isObject(details) && isObject(details.recipient) ? details.recipient : {};
}

export function anyRecipient(o: Json): Json {
  for (const f of objectsOf(o.fulfillments)) {
    for (const key of ['pickup_details', 'shipment_details', 'delivery_details']) {
      const details = f[key];
      if (isObject(details) && isObject(details.recipient)) return details.recipient;
    }
  }
  return {};
}
