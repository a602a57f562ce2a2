import type { OrderShipping, Payment, PaymentStatus } from '@retail/contracts';
import { buildAddress, buildCustomer, finishMapping, fullName, methodOf } from './canonical-parts';
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
      lines: ctx
        .nonEmptyList(o.product_items, 'product_items')
        .map((item, i) => lineOf(ctx, item, `product_items.${i}`, shipments)),
      payment: paymentOf(ctx, o, channelOrderId),
    };
    setOptional(ctx, order, o, shipments);
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
  const lineTotal = ctx.money(item.price, `${path}.price`);
  const afterDiscounts = ctx.money(
    item.price_after_order_discount ?? item.price_after_item_discount ?? item.price,
    `${path}.price_after_order_discount`,
  );
  const shipment = shipments.find((s) => s.shipment_id === item.shipment_id);
  const store = textOf(item.c_fromStoreId, 64) ?? (shipment ? storeOf(shipment) : undefined);
  if (store === null) ctx.fail(`${path}.shipment_id`, 'store pickup shipment without a store id');
  const line: ChannelOrderLine = {
    lineId,
    sku: channelSku,
    channelSku,
    quantity: ctx.quantity(item.quantity, `${path}.quantity`),
    unitPrice: ctx.money(item.base_price, `${path}.base_price`),
    discount: Math.max(lineTotal - afterDiscounts, 0),
    tax: ctx.money(item.adjusted_tax ?? item.tax, `${path}.adjusted_tax`, { optional: true }),
    fulfillment: store ? { type: 'pickup', locationId: store } : { type: 'ship' },
  };
  const name = textOf(item.product_name ?? item.item_text, 200);
  if (name) line.name = name;
  ctx.note(
    `line ${lineId}: discount = price ${lineTotal} - price_after_order_discount ${afterDiscounts}${store ? `, pickup at ${store}` : ''}`,
  );
  return line;
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
  const amount = ctx.sum(items, 'price', 'shipping_items');
  const after = items.reduce(
    (acc, s, i) =>
      acc +
      ctx.money(
        s.price_after_item_discount ?? s.price,
        `shipping_items.${i}.price_after_item_discount`,
      ),
    0,
  );
  return {
    method: textOf(method.id ?? method.name, 100) ?? 'shipping',
    amount,
    discount: Math.max(amount - after, 0),
    tax: items.reduce(
      (acc, s, i) =>
        acc +
        ctx.money(s.adjusted_tax ?? s.tax, `shipping_items.${i}.adjusted_tax`, { optional: true }),
      0,
    ),
  };
}

function paymentOf(ctx: MappingContext, o: Json, orderId: string): Payment {
  const instrument = objectsOf(o.payment_instruments)[0] ?? {};
  return {
    status: paymentStatus(ctx, o),
    method: methodOf(instrument.payment_method_id),
    reference:
      textOf(
        instrument.c_transactionId ?? instrument.c_pspReference ?? instrument.payment_instrument_id,
        128,
      ) ??
      orderId ??
      'unknown',
    amount: ctx.money(o.order_total, 'order_total'),
  };
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
