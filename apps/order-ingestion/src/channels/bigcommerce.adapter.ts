import type { FraudAssessment, OrderShipping, Payment, PaymentStatus } from '@retail/contracts';
import { allocateProportionally } from './allocation';
import {
  asNonStock,
  exTaxFromGross,
  buildAddress,
  buildCustomer,
  chargeLine,
  finishMapping,
  fraudOf,
  fullName,
  methodOf,
  NonStockCause,
  paymentStatusOf,
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

/** The `applied_discounts` id BigCommerce gives the order's manual discount. */
const MANUAL_DISCOUNT = 'manual-discount';

const PAYMENT_STATUS: Record<string, PaymentStatus> = {
  captured: 'captured',
  paid: 'captured',
  'partially refunded': 'captured',
  authorized: 'authorized',
  'capture pending': 'authorized',
  pending: 'pending',
  'held for review': 'pending',
  '': 'pending',
  declined: 'failed',
  void: 'failed',
  'void pending': 'failed',
  refunded: 'failed',
};

/**
 * BigCommerce V2 order (`GET /v2/orders/{id}?include=consignments`) with its `products` and
 * `shipping_addresses` embedded (the thin `store/order/created` webhook is resolved by the caller).
 * Money: strings with 4 decimals ('24.9900'); sub-cent digits other than zeros are refused.
 * Lines: `price_ex_tax` per unit, `total_tax` per line, discount = the line's `applied_discounts`
 * (coupons, promotions) plus its share of the order-level manual `discount_amount`.
 * Pickup: a consignment pickup names the line ids and the location (its `code`, else `id`).
 */
export class BigCommerceAdapter implements ChannelAdapter {
  readonly channel = 'bigcommerce' as const;

  verify(): void {
    // Unsigned channel: the body is fetched from the API by the caller, authenticated by API key.
  }

  map(req: ChannelRequest): MappedChannelOrder {
    const ctx = new MappingContext(this.channel);
    const o = ctx.object(req.payload, '');
    rejectThinPayloads(ctx, o);
    ctx.currencyOf(o.currency_code, 'currency_code');
    const channelOrderId = ctx.id(o.id, 'id');
    const addresses = objectsOf(o.shipping_addresses);
    const order: CanonicalOrderDraft = {
      channel: this.channel,
      channelOrderId,
      orderedAt: ctx.timestamp(o.date_created, 'date_created'),
      currency: ctx.currency,
      customer: customerOf(o),
      lines: linesOf(ctx, o, addresses),
      ...paymentOf(ctx, o, channelOrderId),
    };
    setOptional(ctx, order, o, addresses);
    return finishMapping(ctx, order, []);
  }
}

function rejectThinPayloads(ctx: MappingContext, o: Json): void {
  if (typeof o.scope === 'string' && isObject(o.data)) {
    ctx.fail(
      '',
      'this is the thin webhook: fetch GET /v2/orders/{id} with its products and post that',
    );
  } else if (isObject(o.products)) {
    ctx.fail('products', 'must be embedded (fetch /v2/orders/{id}/products), not a resource link');
  }
}

function setOptional(
  ctx: MappingContext,
  order: CanonicalOrderDraft,
  o: Json,
  addresses: Json[],
): void {
  const shippingAddress = buildAddress(ctx, addressParts(addresses[0]), 'shipping');
  const billingAddress = buildAddress(ctx, addressParts(o.billing_address), 'billing');
  const fraud = o.payment_status === 'held for review' ? fraudOf('review') : undefined;
  if (shippingAddress) order.shippingAddress = shippingAddress;
  if (billingAddress) order.billingAddress = billingAddress;
  if (addresses.length > 0) order.shipping = shippingOf(ctx, o, addresses);
  if (fraud) order.fraud = fraud satisfies FraudAssessment;
}

function linesOf(ctx: MappingContext, o: Json, addresses: Json[]): ChannelOrderLine[] {
  const products = ctx.nonEmptyList(o.products, 'products');
  const pickups = pickupLocations(o);
  const taxInclusive = o.is_tax_inclusive_pricing === true;
  if (taxInclusive) ctx.note('tax-inclusive store: ex-tax prices derived from the inc-tax totals');
  const lines = products.map((p, i) =>
    lineOf(
      ctx,
      p,
      `products.${i}`,
      pickupOf(ctx, p, `products.${i}`, pickups, addresses),
      taxInclusive,
    ),
  );
  // The manual discount is `discount_amount`; newer orders also list it per product.
  const listed = products.some((p) =>
    objectsOf(p.applied_discounts).some((d) => d.id === MANUAL_DISCOUNT),
  );
  if (!listed) allocateManualDiscount(ctx, o, lines);
  if (taxInclusive) products.forEach((p, i) => deriveExTax(ctx, p, `products.${i}`, lines[i]));
  return [...lines, ...chargeLines(ctx, o)];
}

function lineOf(
  ctx: MappingContext,
  p: Json,
  path: string,
  pickup: string | undefined,
  taxInclusive: boolean,
): ChannelOrderLine {
  const lineId = ctx.id(p.id, `${path}.id`);
  const channelSku = textOf(p.sku, 128) ?? textOf(p.variant_id ?? p.product_id, 128);
  const discounts = objectsOf(p.applied_discounts);
  const line: ChannelOrderLine = {
    lineId,
    ...(channelSku ? { sku: channelSku, channelSku } : {}),
    quantity: ctx.quantity(p.quantity, `${path}.quantity`),
    unitPrice: ctx.money(p.price_ex_tax, `${path}.price_ex_tax`, { roundUp: taxInclusive }),
    discount: ctx.sum(discounts, 'amount', `${path}.applied_discounts`, { magnitude: true }),
    tax: ctx.money(p.total_tax, `${path}.total_tax`, { optional: true }),
    fulfillment: pickup ? { type: 'pickup', locationId: pickup } : { type: 'ship' },
  };
  const name = textOf(p.name, 200);
  if (name) line.title = name;
  ctx.note(
    `line ${lineId}: price_ex_tax ${ctx.describe(p.price_ex_tax, line.unitPrice)}, ${discounts.length} applied discount(s) -> ${line.discount}`,
  );
  const cause = nonStockCause(p, channelSku);
  return cause ? asNonStock(ctx, line, cause, name) : line;
}

/** Custom products (added to the order by hand, `product_id` 0) and gift certificates. */
function nonStockCause(p: Json, channelSku: string | undefined): NonStockCause | undefined {
  if (p.type === 'giftcertificate' || Number(p.gift_certificate_id) > 0) return 'gift card';
  if (Number(p.product_id) === 0 || !channelSku) return 'custom item';
  return undefined;
}

/** Tax-inclusive store: the line's ex-tax figures derived from its exact inc-tax total. */
function deriveExTax(ctx: MappingContext, p: Json, path: string, line: ChannelOrderLine): void {
  exTaxFromGross(ctx, line, ctx.money(p.total_inc_tax, `${path}.total_inc_tax`));
}

/** Handling and gift-wrapping charges, booked outside the products: non_stock lines. */
function chargeLines(ctx: MappingContext, o: Json): ChannelOrderLine[] {
  const charges: Array<[string, NonStockCause]> = [
    ['handling', 'handling'],
    ['wrapping', 'gift wrapping'],
  ];
  return charges.flatMap(([key, cause]) => {
    const amount = ctx.money(o[`${key}_cost_ex_tax`], `${key}_cost_ex_tax`, { optional: true });
    if (amount === 0) return [];
    const tax = ctx.money(o[`${key}_cost_tax`], `${key}_cost_tax`, { optional: true });
    return [chargeLine(ctx, { lineId: key, amount, tax }, cause)];
  });
}

/**
 * Tenders BigCommerce books on the order: gift certificates and store credit, and the rest on
 * `payment_method`. Several: `payments[]`.
 */
function paymentOf(ctx: MappingContext, o: Json, orderId: string): Tenders {
  const total = ctx.money(o.total_inc_tax, 'total_inc_tax');
  const status = paymentStatusOf(ctx, PAYMENT_STATUS, o.payment_status ?? '', 'payment_status');
  const reference = textOf(o.payment_provider_id, 128) ?? orderId ?? 'unknown';
  const main: Payment = { status, method: methodOf(o.payment_method), reference, amount: total };
  const gift = ctx.money(o.gift_certificate_amount, 'gift_certificate_amount', { optional: true });
  const credit = ctx.money(o.store_credit_amount, 'store_credit_amount', { optional: true });
  if (gift === 0 && credit === 0) return { payment: main };
  const tenders = (
    [
      { status: 'captured' as const, method: 'gift_certificate', reference, amount: gift },
      { status: 'captured' as const, method: 'store_credit', reference, amount: credit },
      { ...main, amount: Math.max(total - gift - credit, 0) },
    ] satisfies Payment[]
  ).filter((t) => t.amount > 0);
  return tendersOf(ctx, tenders, total, main);
}

/** Order product id -> pickup location, from `consignments[].pickups[]`. */
function pickupLocations(o: Json): Map<string, string> {
  const map = new Map<string, string>();
  for (const consignment of objectsOf(o.consignments)) {
    for (const pickup of objectsOf(consignment.pickups)) {
      const location = isObject(pickup.location) ? pickup.location : {};
      const locationId =
        textOf(location.code, 64) ?? textOf(location.id, 64) ?? textOf(pickup.location_id, 64);
      objectsOf(pickup.line_items).forEach(
        (li) => locationId && map.set(String(li.id), locationId),
      );
    }
  }
  return map;
}

function pickupOf(
  ctx: MappingContext,
  p: Json,
  path: string,
  pickups: Map<string, string>,
  addresses: Json[],
): string | undefined {
  const location = pickups.get(String(p.id));
  if (location) return location;
  const address = addresses.find((a) => a.id === p.order_address_id);
  const isPickup =
    Number(p.order_pickup_method_id) > 0 ||
    /pick\s*-?\s*up/i.test(String(address?.shipping_method ?? ''));
  if (isPickup)
    ctx.fail(
      path,
      'pickup line without a pickup location (fetch the order with include=consignments)',
    );
  return undefined;
}

/** `discount_amount` is a manual order-level discount not present in any applied_discounts. */
function allocateManualDiscount(ctx: MappingContext, o: Json, lines: ChannelOrderLine[]): void {
  const manual = ctx.money(o.discount_amount, 'discount_amount', {
    optional: true,
    magnitude: true,
  });
  if (manual === 0 || lines.length === 0) return;
  const weights = lines.map((l) => Math.max(l.unitPrice * l.quantity - l.discount, 0));
  const shares = allocateProportionally(manual, weights);
  lines.forEach((line, i) => (line.discount += shares[i]));
  ctx.note(`order discount_amount ${manual} allocated over lines by value: ${shares.join(', ')}`);
}

function shippingOf(ctx: MappingContext, o: Json, addresses: Json[]): OrderShipping {
  return {
    method: textOf(addresses[0].shipping_method, 100) ?? 'shipping',
    amount: ctx.money(o.shipping_cost_ex_tax, 'shipping_cost_ex_tax', { optional: true }),
    discount: 0,
    tax: ctx.money(o.shipping_cost_tax, 'shipping_cost_tax', { optional: true }),
  };
}

function customerOf(o: Json) {
  const billing = isObject(o.billing_address) ? o.billing_address : {};
  // customer_id 0 is a guest checkout.
  const customerId = Number(o.customer_id) > 0 ? o.customer_id : undefined;
  return buildCustomer({
    channelCustomerId: customerId,
    email: billing.email,
    phone: billing.phone,
    name: fullName(billing.first_name, billing.last_name),
  });
}

function addressParts(value: unknown) {
  const a = isObject(value) ? value : {};
  return {
    name: fullName(a.first_name, a.last_name),
    company: a.company,
    line1: a.street_1,
    line2: a.street_2,
    city: a.city,
    region: a.state,
    postalCode: a.zip,
    countryCode: a.country_iso2,
    phone: a.phone,
    email: a.email,
  };
}
