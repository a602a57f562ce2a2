import type { LineFulfillment, OrderShipping, Payment, PaymentStatus } from '@retail/contracts';
import { allocateProportionally } from './allocation';
import {
  asNonStock,
  buildAddress,
  buildCustomer,
  chargeLine,
  finishMapping,
  methodOf,
  NonStockCause,
  Tenders,
  tendersOf,
} from './canonical-parts';
import type {
  CanonicalOrderDraft,
  ChannelAdapter,
  ChannelOrderLine,
  ChannelRequest,
  ChannelSecrets,
  MappedChannelOrder,
} from './channel-types';
import { headerOf, isObject, Json, MappingContext, objectsOf, textOf } from './mapping-context';
import {
  anyRecipient,
  counterSale,
  fulfillmentByLine,
  shipmentRecipient,
} from './square-fulfillments';
import { invalidSignature, signatureMatches } from './signature';

const CARD_STATUS: Record<string, PaymentStatus> = {
  CAPTURED: 'captured',
  AUTHORIZED: 'authorized',
  VOIDED: 'failed',
  FAILED: 'failed',
};
const TENDER_METHOD: Record<string, string> = {
  CARD: 'card',
  CASH: 'cash',
  SQUARE_GIFT_CARD: 'gift_card',
  NO_SALE: 'no_sale',
  BANK_ACCOUNT: 'bank_account',
  WALLET: 'wallet',
  BUY_NOW_PAY_LATER: 'buy_now_pay_later',
  SQUARE_ACCOUNT: 'square_account',
  OTHER: 'other',
};
// Square names shipping as a service charge; anything else (service fee, tip) is no shipping.
const SHIPPING_CHARGE = /ship|deliver/i;

/**
 * Square Orders API order (RetrieveOrder response `{ order }`, a bare Order, or a webhook whose
 * `data.object.order` carries it). Money is already integer minor units (`{ amount, currency }`);
 * quantities are decimal strings and must be whole. Line SKUs are the `catalog_object_id` of the
 * item variation (mapped in master data). Fulfillments decide per line: PICKUP (and IN_STORE, and
 * a counter sale with no fulfillment) is a pickup at the order's `location_id`; SHIPMENT and
 * DELIVERY ship. Signed: `x-square-hmacsha256-signature` over notification URL + raw body.
 */
export class SquareAdapter implements ChannelAdapter {
  readonly channel = 'square' as const;

  verify(req: ChannelRequest, secrets: ChannelSecrets): void {
    const { squareSignatureKey: key, squareNotificationUrl: url } = secrets;
    if (!key || !url) {
      throw invalidSignature(
        'SQUARE_WEBHOOK_SIGNATURE_KEY / notification URL not configured: cannot verify.',
      );
    }
    const provided = headerOf(req.headers, 'x-square-hmacsha256-signature');
    if (!provided) throw invalidSignature('x-square-hmacsha256-signature header is missing.');
    const message = Buffer.concat([Buffer.from(url, 'utf8'), req.rawBody]);
    if (!signatureMatches(key, message, provided)) {
      throw invalidSignature(
        'x-square-hmacsha256-signature does not match the notification URL and body.',
      );
    }
  }

  map(req: ChannelRequest): MappedChannelOrder {
    const ctx = new MappingContext(this.channel);
    const body = ctx.object(req.payload, '');
    const o = unwrap(ctx, body);
    const items = ctx.nonEmptyList(o.line_items, 'line_items');
    ctx.currencyOf(currencyOf(o, items), 'line_items.0.base_price_money.currency');
    const channelOrderId = ctx.id(o.id, 'id');
    const fulfillments = fulfillmentByLine(ctx, o);
    const order: CanonicalOrderDraft = {
      channel: this.channel,
      channelOrderId,
      orderedAt: ctx.timestamp(o.created_at, 'created_at'),
      currency: ctx.currency,
      customer: customerOf(o),
      lines: items.map((item, i) => lineOf(ctx, item, `line_items.${i}`, fulfillments, o)),
      ...paymentOf(ctx, o, channelOrderId),
    };
    allocateOrderDiscount(ctx, o, items, order.lines);
    order.lines.push(...chargeLines(ctx, o, textOf(o.location_id, 64)));
    setOptional(ctx, order, o);
    const eventId = textOf(body.event_id);
    return finishMapping(ctx, order, eventId ? [`square:event:${eventId}`] : []);
  }
}

/** The Order object out of whichever envelope carried it. */
function unwrap(ctx: MappingContext, body: Json): Json {
  const data = isObject(body.data) ? body.data : {};
  const object = isObject(data.object) ? data.object : {};
  if (isObject(object.order)) return object.order;
  if (isObject(body.order)) return body.order;
  if (body.type !== undefined && isObject(body.data)) {
    ctx.fail(
      'data.object',
      'notification without the order: call RetrieveOrder and post the order',
    );
  }
  return body;
}

function currencyOf(o: Json, items: Json[]): unknown {
  const money = [o.total_money, ...items.map((i) => i.base_price_money)].find(isObject);
  return isObject(money) ? money.currency : undefined;
}

/** Integer minor units, already: only checks type, sign and currency. */
function squareMoney(ctx: MappingContext, value: unknown, path: string, optional = false): number {
  if (!isObject(value)) {
    if (!optional) ctx.fail(path, 'is required');
    return 0;
  }
  if (value.currency !== undefined && value.currency !== ctx.currency) {
    ctx.fail(
      `${path}.currency`,
      `${String(value.currency)} differs from the order currency ${ctx.currency}`,
    );
  }
  const amount = value.amount;
  if (typeof amount === 'number' && Number.isSafeInteger(amount) && amount >= 0) return amount;
  ctx.fail(`${path}.amount`, 'must be a non-negative integer amount in minor units');
  return 0;
}

function lineOf(
  ctx: MappingContext,
  item: Json,
  path: string,
  fulfillments: Map<string, LineFulfillment>,
  o: Json,
): ChannelOrderLine {
  const lineId = ctx.id(item.uid, `${path}.uid`);
  const channelSku = textOf(item.catalog_object_id, 128);
  const quantity = ctx.quantity(item.quantity, `${path}.quantity`);
  const line: ChannelOrderLine = {
    lineId,
    ...(channelSku ? { sku: channelSku, channelSku } : {}),
    quantity,
    unitPrice: unitPriceOf(ctx, item, path, lineId, quantity),
    discount: squareMoney(ctx, item.total_discount_money, `${path}.total_discount_money`, true),
    tax: squareMoney(ctx, item.total_tax_money, `${path}.total_tax_money`, true),
    fulfillment: fulfillments.get(lineId) ?? counterSale(ctx, lineId, textOf(o.location_id, 64)),
  };
  const name = [textOf(item.name), textOf(item.variation_name)].filter(Boolean).join(' - ');
  if (name) line.title = name.slice(0, 200);
  const cause = nonStockCause(item, channelSku);
  return cause ? asNonStock(ctx, line, cause, line.title ?? textOf(item.note, 200)) : line;
}

/** Square line kinds without a SKU: ad-hoc items (no catalog object), custom amounts, gift cards. */
function nonStockCause(item: Json, channelSku: string | undefined): NonStockCause | undefined {
  if (item.item_type === 'GIFT_CARD') return 'gift card';
  if (item.item_type === 'CUSTOM_AMOUNT') return 'custom amount';
  return channelSku ? undefined : 'ad-hoc item';
}

/**
 * Price of one unit with its modifiers: `base_price_money` + each modifier's `base_price_money`
 * x its quantity (Square prices modifiers per unit of the line; `total_price_money` is that times
 * the line quantity). Checked against `gross_sales_money` when Square sends it.
 */
function unitPriceOf(
  ctx: MappingContext,
  item: Json,
  path: string,
  lineId: string,
  quantity: number,
): number {
  const base = squareMoney(ctx, item.base_price_money, `${path}.base_price_money`);
  const modifiers = objectsOf(item.modifiers);
  const perUnit = modifiers.reduce((acc, m, i) => {
    const price = squareMoney(
      ctx,
      m.base_price_money,
      `${path}.modifiers.${i}.base_price_money`,
      true,
    );
    const times =
      m.quantity === undefined ? 1 : ctx.quantity(m.quantity, `${path}.modifiers.${i}.quantity`);
    return acc + price * times;
  }, 0);
  if (modifiers.length > 0) {
    ctx.note(
      `line ${lineId}: ${modifiers.length} modifier(s) priced into the line: ${base} + ${perUnit} per unit`,
    );
  }
  const gross = isObject(item.gross_sales_money)
    ? squareMoney(ctx, item.gross_sales_money, `${path}.gross_sales_money`)
    : undefined;
  if (gross !== undefined && gross !== (base + perUnit) * quantity) {
    ctx.note(
      `line ${lineId}: gross_sales_money ${gross} differs from (${base} + ${perUnit}) x ${quantity}`,
    );
  }
  return base + perUnit;
}

/**
 * What Square books outside the line items: service charges that are not shipping (service fees,
 * auto-gratuity) and the tip, as non_stock lines, so the lines add up to `total_money`.
 */
function chargeLines(
  ctx: MappingContext,
  o: Json,
  locationId: string | undefined,
): ChannelOrderLine[] {
  const at: ChannelOrderLine['fulfillment'] = locationId
    ? { type: 'pickup', locationId }
    : { type: 'ship' };
  const charges = objectsOf(o.service_charges)
    .map((c, i) => ({ c, path: `service_charges.${i}` }))
    .filter(({ c }) => !SHIPPING_CHARGE.test(String(c.name ?? '')))
    .map(({ c, path }) =>
      chargeLine(
        ctx,
        {
          lineId: `service-charge-${ctx.id(c.uid, `${path}.uid`)}`,
          title: textOf(c.name, 200),
          amount: squareMoney(ctx, c.applied_money ?? c.amount_money, `${path}.applied_money`),
          tax: squareMoney(ctx, c.total_tax_money, `${path}.total_tax_money`, true),
        },
        'service charge',
        at,
      ),
    );
  const tip = squareMoney(ctx, o.total_tip_money, 'total_tip_money', true);
  if (tip === 0) return charges;
  return [...charges, chargeLine(ctx, { lineId: 'tip', title: 'Tip', amount: tip }, 'tip', at)];
}

/** Orders built without per-line totals: spread the order's total discount by line value. */
function allocateOrderDiscount(
  ctx: MappingContext,
  o: Json,
  items: Json[],
  lines: ChannelOrderLine[],
): void {
  if (items.some((i) => isObject(i.total_discount_money))) return;
  const total = squareMoney(ctx, o.total_discount_money, 'total_discount_money', true);
  if (total === 0) return;
  const shares = allocateProportionally(
    total,
    lines.map((l) => l.unitPrice * l.quantity),
  );
  lines.forEach((line, i) => (line.discount = shares[i]));
  ctx.note(`order discount ${total} allocated over lines by value: ${shares.join(', ')}`);
}

function setOptional(ctx: MappingContext, order: CanonicalOrderDraft, o: Json): void {
  const recipient = shipmentRecipient(o);
  const address = isObject(recipient.address) ? recipient.address : undefined;
  const shippingAddress = address
    ? buildAddress(ctx, addressParts(address, recipient), 'shipping')
    : undefined;
  const shipping = shippingOf(ctx, o);
  if (shippingAddress) order.shippingAddress = shippingAddress;
  if (shipping) order.shipping = shipping;
}

function shippingOf(ctx: MappingContext, o: Json): OrderShipping | undefined {
  const charges = objectsOf(o.service_charges)
    .map((c, i) => ({ c, path: `service_charges.${i}` }))
    .filter(({ c }) => SHIPPING_CHARGE.test(String(c.name ?? '')));
  if (charges.length === 0) return undefined;
  const amount = charges.reduce(
    (acc, { c, path }) =>
      acc + squareMoney(ctx, c.applied_money ?? c.amount_money, `${path}.applied_money`),
    0,
  );
  const tax = charges.reduce(
    (acc, { c, path }) =>
      acc + squareMoney(ctx, c.total_tax_money, `${path}.total_tax_money`, true),
    0,
  );
  return { method: textOf(charges[0].c.name, 100) ?? 'shipping', amount, discount: 0, tax };
}

/** One payment per tender (`amount_money` includes the tender's tip); none yet: the order total. */
function paymentOf(ctx: MappingContext, o: Json, orderId: string): Tenders {
  const tenders = objectsOf(o.tenders).map((t, i) => tenderOf(ctx, t, `tenders.${i}`, orderId));
  const total = squareMoney(ctx, o.total_money, 'total_money');
  const status: PaymentStatus = o.state === 'COMPLETED' ? 'captured' : 'pending';
  ctx.note(`payment: ${tenders.length} tender(s), state ${String(o.state)}`);
  return tendersOf(ctx, tenders, total, {
    status,
    method: 'unknown',
    reference: orderId || 'unknown',
    amount: total,
  });
}

function tenderOf(ctx: MappingContext, t: Json, path: string, orderId: string): Payment {
  const card = isObject(t.card_details) ? t.card_details : undefined;
  return {
    status: card ? (CARD_STATUS[String(card.status)] ?? 'pending') : 'captured',
    method: methodOf(TENDER_METHOD[String(t.type)] ?? t.type),
    reference: textOf(t.payment_id ?? t.id, 128) ?? orderId ?? 'unknown',
    amount: squareMoney(ctx, t.amount_money, `${path}.amount_money`),
  };
}

function customerOf(o: Json) {
  const r = anyRecipient(o);
  return buildCustomer({
    channelCustomerId: o.customer_id ?? r.customer_id,
    email: r.email_address,
    phone: r.phone_number,
    name: r.display_name,
  });
}

function addressParts(a: Json, recipient: Json) {
  return {
    name: recipient.display_name ?? [a.first_name, a.last_name].filter(Boolean).join(' '),
    line1: a.address_line_1,
    line2: [a.address_line_2, a.address_line_3].filter((v) => textOf(v)).join(', '),
    city: a.locality,
    region: a.administrative_district_level_1,
    postalCode: a.postal_code,
    countryCode: a.country,
    phone: recipient.phone_number,
    email: recipient.email_address,
  };
}
