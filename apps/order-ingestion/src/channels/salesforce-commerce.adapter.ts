import type { OrderShipping, Payment, PaymentStatus } from '@retail/contracts';
import {
  buildAddress,
  buildCustomer,
  chargeLine,
  exTaxFromGross,
  finishMapping,
  fullName,
  methodOf,
  Tenders,
  tendersOf,
} from './canonical-parts';
import type {
  CanonicalOrderDraft,
  ChannelAdapter,
  ChannelOrderLine,
  ChannelRequest,
  MappedChannelOrder,
} from './channel-types';
import { isObject, Json, MappingContext, objectsOf, textOf } from './mapping-context';

// Store pickup (SFRA BOPIS and common cartridges): the store id on the shipment or product item.
const STORE_ATTRIBUTES = ['c_fromStoreId', 'c_pickupStore', 'c_pickupStoreId', 'c_storeId'];

/**
 * Salesforce B2C Commerce order: OCAPI Shop/Data `Order` (snake_case) or SCAPI Shopper Orders
 * (camelCase, normalised to snake_case here; `c_` custom attributes kept as they are). Amounts are
 * JSON numbers in `currency`. Per line: `base_price` per unit; discount = `price` (line total
 * before adjustments) - `price_after_order_discount` (item and prorated order promotions); tax =
 * `adjusted_tax` (after order-level proration), else `tax`. Lines ship per their shipment; a
 * shipment whose method enables store pickup, or that names a store, is a pickup at that store.
 */
export class SalesforceCommerceAdapter implements ChannelAdapter {
  readonly channel = 'salesforce-commerce' as const;

  verify(): void {
    // Unsigned channel: exported/posted by a job authenticated with the channel API key.
  }

  map(req: ChannelRequest): MappedChannelOrder {
    const ctx = new MappingContext(this.channel);
    const o = snakeKeys(ctx.object(req.payload, '')) as Json;
    ctx.currencyOf(o.currency, 'currency');
    if (o.taxation === 'gross') ctx.note('taxation gross: prices include tax');
    const channelOrderId = ctx.id(o.order_no, 'order_no');
    const shipments = objectsOf(o.shipments);
    const order: CanonicalOrderDraft = {
      channel: this.channel,
      channelOrderId,
      orderedAt: ctx.timestamp(o.creation_date, 'creation_date'),
      currency: ctx.currency,
      customer: customerOf(o),
      lines: [
        ...ctx
          .nonEmptyList(o.product_items, 'product_items')
          .map((item, i) => lineOf(ctx, item, `product_items.${i}`, shipments)),
        ...giftCertificateLines(ctx, o),
      ],
      ...paymentOf(ctx, o, channelOrderId),
    };
    setOptional(ctx, order, o, shipments);
    if (o.taxation === 'gross') grossToNet(ctx, order);
    return finishMapping(ctx, order, []);
  }
}

function setOptional(
  ctx: MappingContext,
  order: CanonicalOrderDraft,
  o: Json,
  shipments: Json[],
): void {
  const delivery = shipments.find((s) => storeOf(s) === undefined);
  const shippingAddress = delivery
    ? buildAddress(ctx, addressParts(delivery.shipping_address), 'shipping')
    : undefined;
  const billingAddress = buildAddress(ctx, addressParts(o.billing_address), 'billing');
  if (shippingAddress) order.shippingAddress = shippingAddress;
  if (billingAddress) order.billingAddress = billingAddress;
  if (delivery) order.shipping = shippingOf(ctx, o, delivery);
}

function lineOf(
  ctx: MappingContext,
  item: Json,
  path: string,
  shipments: Json[],
): ChannelOrderLine {
  const lineId = ctx.id(item.item_id, `${path}.item_id`);
  const channelSku = ctx.id(item.product_id, `${path}.product_id`);
  const quantity = ctx.quantity(item.quantity, `${path}.quantity`);
  const own = itemAmounts(ctx, item, path, quantity);
  const options = objectsOf(item.option_items).map((option, i) =>
    itemAmounts(ctx, option, `${path}.option_items.${i}`, quantity),
  );
  if (options.length > 0) {
    ctx.note(`line ${lineId}: ${options.length} option item(s) priced into the line`);
  }
  const all = [own, ...options];
  const shipment = shipments.find((s) => s.shipment_id === item.shipment_id);
  const store = textOf(item.c_fromStoreId, 64) ?? (shipment ? storeOf(shipment) : undefined);
  if (store === null) ctx.fail(`${path}.shipment_id`, 'store pickup shipment without a store id');
  const line: ChannelOrderLine = {
    lineId,
    sku: channelSku,
    channelSku,
    quantity,
    unitPrice: all.reduce((acc, a) => acc + a.unitPrice, 0),
    discount: all.reduce((acc, a) => acc + a.discount, 0),
    tax: all.reduce((acc, a) => acc + a.tax, 0),
    fulfillment: store ? { type: 'pickup', locationId: store } : { type: 'ship' },
  };
  const name = textOf(item.product_name ?? item.item_text, 200);
  if (name) line.title = name;
  ctx.note(
    `line ${lineId}: discount = price - price_after_order_discount = ${line.discount}${store ? `, pickup at ${store}` : ''}`,
  );
  return line;
}

/**
 * Unit price, discount and tax of a product or option item. `base_price` is per unit; `price` is
 * the line total before adjustments (derived as base_price x quantity when left out);
 * discount = `price` - `price_after_order_discount`; tax = `adjusted_tax` (after order-level
 * proration), else `tax`.
 */
function itemAmounts(ctx: MappingContext, item: Json, path: string, quantity: number) {
  const unitPrice = ctx.money(item.base_price, `${path}.base_price`);
  const lineTotal = derivedPrice(ctx, item, path, unitPrice * quantity);
  const after = item.price_after_order_discount ?? item.price_after_item_discount;
  const afterDiscounts =
    after === undefined ? lineTotal : ctx.money(after, `${path}.price_after_order_discount`);
  return {
    unitPrice,
    discount: Math.max(lineTotal - afterDiscounts, 0),
    tax: ctx.money(item.adjusted_tax ?? item.tax, `${path}.adjusted_tax`, { optional: true }),
  };
}

/** `price` of an item, or (left out, as in some SCAPI responses) `fallback`, noted. */
function derivedPrice(ctx: MappingContext, item: Json, path: string, fallback: number): number {
  if (item.price !== undefined && item.price !== null) {
    return ctx.money(item.price, `${path}.price`);
  }
  ctx.note(`${path}: no price, derived from base_price: ${fallback}`);
  return fallback;
}

/** Gift certificates bought with the order (sent by e-mail): non_stock lines. */
function giftCertificateLines(ctx: MappingContext, o: Json): ChannelOrderLine[] {
  const items = [
    ...objectsOf(o.gift_certificate_line_items),
    ...objectsOf(o.gift_certificate_items),
  ];
  return items.map((g, i) => {
    const path = `gift_certificate_items.${i}`;
    const lineId = ctx.id(
      g.gift_certificate_item_id ?? g.item_id,
      `${path}.gift_certificate_item_id`,
    );
    const amount = ctx.money(g.price ?? g.amount, `${path}.amount`);
    const tax = ctx.money(g.adjusted_tax ?? g.tax, `${path}.tax`, { optional: true });
    return chargeLine(ctx, { lineId, amount, tax, title: 'Gift certificate' }, 'gift card');
  });
}

/**
 * `taxation: gross` sites price tax-inclusive: the canonical order is ex-tax with the tax beside
 * it, so each line's and the shipping's ex-tax amounts are derived from the gross ones.
 */
function grossToNet(ctx: MappingContext, order: CanonicalOrderDraft): void {
  for (const line of order.lines) {
    if (line.tax > 0) exTaxFromGross(ctx, line, line.unitPrice * line.quantity);
  }
  const shipping = order.shipping;
  if (!shipping || !shipping.tax) return;
  const amount = shipping.amount - shipping.tax;
  ctx.note(`shipping: tax-inclusive ${shipping.amount} - tax ${shipping.tax} = ${amount} ex tax`);
  shipping.amount = Math.max(amount, shipping.discount ?? 0);
}

/** The pickup store of a shipment; undefined for a delivery; null for a pickup naming no store. */
function storeOf(shipment: Json): string | null | undefined {
  const method = isObject(shipment.shipping_method) ? shipment.shipping_method : {};
  const store = STORE_ATTRIBUTES.map((key) => textOf(shipment[key], 64)).find(Boolean);
  if (store) return store;
  return method.c_storePickupEnabled === true ? (textOf(method.c_storeId, 64) ?? null) : undefined;
}

function shippingOf(ctx: MappingContext, o: Json, delivery: Json): OrderShipping {
  const items = objectsOf(o.shipping_items);
  const method = isObject(delivery.shipping_method) ? delivery.shipping_method : {};
  const paths = items.map((_, i) => `shipping_items.${i}`);
  const prices = items.map((s, i) =>
    derivedPrice(
      ctx,
      s,
      paths[i],
      ctx.money(s.base_price, `${paths[i]}.base_price`, { optional: true }),
    ),
  );
  const amount = prices.reduce((acc, p) => acc + p, 0);
  const after = items.reduce((acc, s, i) => {
    const value = s.price_after_item_discount;
    return (
      acc +
      (value === undefined ? prices[i] : ctx.money(value, `${paths[i]}.price_after_item_discount`))
    );
  }, 0);
  return {
    method: textOf(method.id ?? method.name, 100) ?? 'shipping',
    amount,
    discount: Math.max(amount - after, 0),
    tax: items.reduce(
      (acc, s, i) =>
        acc + ctx.money(s.adjusted_tax ?? s.tax, `${paths[i]}.adjusted_tax`, { optional: true }),
      0,
    ),
  };
}

/**
 * One tender per payment instrument (gift certificate + card, split cards). A lone instrument,
 * or the one without an amount among several, covers what the others leave: B2C Commerce sets
 * amounts at checkout, and some responses carry 0.
 */
function paymentOf(ctx: MappingContext, o: Json, orderId: string): Tenders {
  const total = ctx.money(o.order_total, 'order_total');
  const status = paymentStatus(ctx, o);
  const tenders: Payment[] = objectsOf(o.payment_instruments).map((p, i) => ({
    status,
    method: methodOf(p.payment_method_id),
    reference: instrumentReference(p) ?? (orderId || 'unknown'),
    amount: ctx.money(p.amount, `payment_instruments.${i}.amount`, { optional: true }),
  }));
  const open = tenders.length === 1 ? tenders : tenders.filter((t) => t.amount === 0);
  const rest = total - tenders.reduce((acc, t) => acc + t.amount, 0);
  if (open.length === 1 && rest > 0) {
    ctx.note(`payment instrument ${open[0].method}: amount ${open[0].amount} + the rest ${rest}`);
    open[0].amount += rest;
  }
  const fallback: Payment = {
    status,
    method: 'unknown',
    reference: orderId || 'unknown',
    amount: total,
  };
  return tendersOf(ctx, tenders, total, fallback);
}

function instrumentReference(p: Json): string | undefined {
  const ref = isObject(p.payment_reference) ? p.payment_reference : {};
  return textOf(
    p.c_transactionId ?? p.c_pspReference ?? ref.payment_reference_id ?? p.payment_instrument_id,
    128,
  );
}

/**
 * B2C Commerce captures on shipment: a placed, confirmed order is `not_paid` with an authorized
 * card. `paid` -> captured; `part_paid` or `not_paid` on a confirmed order -> authorized; else pending.
 */
function paymentStatus(ctx: MappingContext, o: Json): PaymentStatus {
  const raw = String(o.payment_status ?? '');
  const confirmed = o.confirmation_status === 'confirmed';
  const status: PaymentStatus =
    o.status === 'failed' || o.status === 'cancelled' ? 'failed'
    : raw === 'paid' ? 'captured'
    : raw === 'part_paid' || confirmed ? 'authorized'
    : 'pending'; // prettier-ignore
  ctx.note(
    `payment_status '${raw}', confirmation_status '${String(o.confirmation_status)}' -> ${status}`,
  );
  return status;
}

function customerOf(o: Json) {
  const info = isObject(o.customer_info) ? o.customer_info : {};
  return buildCustomer({
    // customer_no exists for registered customers only; guests have a session customer_id.
    channelCustomerId: info.customer_no,
    email: info.email,
    name: info.customer_name ?? o.customer_name,
    phone: isObject(o.billing_address) ? o.billing_address.phone : undefined,
  });
}

function addressParts(value: unknown) {
  const a = isObject(value) ? value : {};
  return {
    name: a.full_name ?? fullName(a.first_name, a.last_name),
    company: a.company_name,
    line1: a.address1,
    line2: a.address2,
    city: a.city,
    region: a.state_code,
    postalCode: a.postal_code,
    countryCode: a.country_code,
    phone: a.phone,
  };
}

/** SCAPI camelCase keys -> OCAPI snake_case (`productItems` -> `product_items`); `c_*` kept. */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key.startsWith('c_') || key.startsWith('_')
        ? key
        : key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      snakeKeys(v),
    ]),
  );
}
