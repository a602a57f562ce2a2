import type { FraudAssessment, OrderShipping, Payment, PaymentStatus } from '@retail/contracts';
import {
  asNonStock,
  buildAddress,
  buildCustomer,
  finishMapping,
  fraudOf,
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

/** Magento MSI "In-Store Pickup" shipping method code. */
const STORE_PICKUP_METHOD = 'instore_pickup';

interface ItemNode {
  item: Json;
  path: string;
  children: Array<{ item: Json; path: string }>;
}

/**
 * Adobe Commerce / Magento 2 `GET /V1/orders/{id}` sales order. Amounts are JSON numbers in the
 * order currency; `created_at` is UTC without zone. Composite products arrive as a parent item
 * plus children linked by `parent_item_id`, collapsed here into one line each:
 * - configurable: ONE line per parent, with the CHILD's sku and name (the simple product that
 *   ships) and the PARENT's price, discount and tax (Magento prices the parent, children are 0);
 * - bundle: ONE line per bundle, the PARENT (the product the customer bought and is invoiced for),
 *   with the bundle's own sku (the dynamic-sku suffix of its children removed), the parent's price,
 *   and tax/discount from the children when Magento booked them there (dynamic-price bundles).
 *   The bundle sku is resolved like any other (a kit in master data).
 * Unsigned: authenticated by the channel API key (Magento integrations post with a token).
 */
export class AdobeCommerceAdapter implements ChannelAdapter {
  readonly channel = 'adobe-commerce' as const;

  verify(): void {
    // Unsigned channel: authenticated by the channel API key only.
  }

  map(req: ChannelRequest): MappedChannelOrder {
    const ctx = new MappingContext(this.channel);
    const o = ctx.object(req.payload, '');
    ctx.currencyOf(o.order_currency_code, 'order_currency_code');
    const channelOrderId = ctx.id(o.increment_id ?? o.entity_id, 'increment_id');
    const assignment = objectsOf(extension(o).shipping_assignments)[0] ?? {};
    const shipping = isObject(assignment.shipping) ? assignment.shipping : {};
    const pickup = pickupLocation(ctx, o, shipping);
    const order: CanonicalOrderDraft = {
      channel: this.channel,
      channelOrderId,
      orderedAt: ctx.timestamp(o.created_at, 'created_at'),
      currency: ctx.currency,
      customer: customerOf(o),
      lines: collapse(ctx, ctx.nonEmptyList(o.items, 'items')).map((node) =>
        lineOf(ctx, node, pickup),
      ),
      ...paymentOf(ctx, o, channelOrderId),
    };
    setOptional(ctx, order, o, shipping);
    return finishMapping(ctx, order, []);
  }
}

function setOptional(
  ctx: MappingContext,
  order: CanonicalOrderDraft,
  o: Json,
  shipping: Json,
): void {
  const shippingAddress = buildAddress(ctx, addressParts(shipping.address), 'shipping');
  const billingAddress = buildAddress(ctx, addressParts(o.billing_address), 'billing');
  const fraud = fraudOfState(ctx, o);
  if (shippingAddress) order.shippingAddress = shippingAddress;
  if (billingAddress) order.billingAddress = billingAddress;
  if (o.is_virtual !== 1 && o.is_virtual !== true) order.shipping = shippingOf(ctx, o, shipping);
  if (fraud) order.fraud = fraud;
}

function extension(o: Json): Json {
  return isObject(o.extension_attributes) ? o.extension_attributes : {};
}

/** Groups children under their parent (`parent_item_id`); top-level items keep their order. */
function collapse(ctx: MappingContext, items: Json[]): ItemNode[] {
  const nodes = new Map<string, ItemNode>();
  const orphans: ItemNode[] = [];
  items.forEach((item, i) => {
    const path = `items.${i}`;
    if (item.parent_item_id === undefined || item.parent_item_id === null) {
      nodes.set(String(item.item_id), { item, path, children: [] });
      return;
    }
    const parent = nodes.get(String(item.parent_item_id));
    if (parent) parent.children.push({ item, path });
    else orphans.push({ item, path, children: [] });
  });
  orphans.forEach((o) =>
    ctx.note(
      `item ${String(o.item.item_id)}: parent ${String(o.item.parent_item_id)} not in the order, kept as a line`,
    ),
  );
  return [...nodes.values(), ...orphans];
}

function lineOf(ctx: MappingContext, node: ItemNode, pickup: string | undefined): ChannelOrderLine {
  const { item, path, children } = node;
  const type = String(item.product_type ?? 'simple');
  const skuSource = type === 'configurable' && children[0] ? children[0].item : item;
  const lineId = ctx.id(item.item_id, `${path}.item_id`);
  const channelSku =
    type === 'bundle' ? bundleSku(ctx, node) : ctx.id(skuSource.sku, `${path}.sku`);
  const moneyOf = (key: string) => ownOrChildren(ctx, node, key);
  const line: ChannelOrderLine = {
    lineId,
    sku: channelSku,
    channelSku,
    quantity: ctx.quantity(item.qty_ordered, `${path}.qty_ordered`),
    unitPrice: ctx.money(item.price, `${path}.price`),
    discount: moneyOf('discount_amount'),
    tax: moneyOf('tax_amount'),
    fulfillment: pickup ? { type: 'pickup', locationId: pickup } : { type: 'ship' },
  };
  const name = textOf(skuSource.name, 200);
  if (name) line.title = name;
  noteCollapse(ctx, type, lineId, children, line);
  // Adobe Commerce gift cards are products without stock (the card is a code, sent or printed).
  return type === 'giftcard' ? asNonStock(ctx, line, 'gift card', name) : line;
}

/** The parent's amount; for bundles whose parent books 0, the sum of its children's. */
function ownOrChildren(ctx: MappingContext, node: ItemNode, key: string): number {
  const own = ctx.money(node.item[key], `${node.path}.${key}`, { optional: true, magnitude: true });
  if (own > 0 || node.item.product_type !== 'bundle') return own;
  return node.children.reduce(
    (acc, c) =>
      acc + ctx.money(c.item[key], `${c.path}.${key}`, { optional: true, magnitude: true }),
    0,
  );
}

/** Dynamic-sku bundles carry `<bundle-sku>-<child-sku>-<child-sku>`: keep `<bundle-sku>`. */
function bundleSku(ctx: MappingContext, { item, path, children }: ItemNode): string {
  const sku = textOf(item.sku, 128) ?? '';
  const suffix = children.map((c) => `-${String(c.item.sku)}`).join('');
  if (children.length > 0 && sku.endsWith(suffix) && sku.length > suffix.length) {
    const base = sku.slice(0, sku.length - suffix.length);
    ctx.note(`bundle ${String(item.item_id)}: dynamic sku '${sku}' -> '${base}'`);
    return base;
  }
  return ctx.id(sku, `${path}.sku`);
}

function noteCollapse(
  ctx: MappingContext,
  type: string,
  lineId: string,
  children: ItemNode['children'],
  line: ChannelOrderLine,
): void {
  const ids = children.map((c) => String(c.item.item_id)).join(', ');
  if (type === 'configurable' && ids) {
    ctx.note(
      `collapsed configurable child ${ids} into parent ${lineId} (child sku ${line.channelSku}, parent price ${line.unitPrice})`,
    );
  } else if (type === 'bundle' && ids) {
    ctx.note(
      `collapsed bundle children ${ids} into parent ${lineId} (one line, priced by the parent: ${line.unitPrice}, tax ${line.tax})`,
    );
  }
}

/** MSI store pickup: shipping method `instore_pickup`, store in `pickup_location_code`. */
function pickupLocation(ctx: MappingContext, o: Json, shipping: Json): string | undefined {
  if (shipping.method !== STORE_PICKUP_METHOD) return undefined;
  const code = textOf(extension(o).pickup_location_code, 64);
  if (!code)
    ctx.fail('extension_attributes.pickup_location_code', 'is required for instore_pickup');
  return code;
}

function shippingOf(ctx: MappingContext, o: Json, shipping: Json): OrderShipping {
  return {
    method: textOf(shipping.method ?? o.shipping_description, 100) ?? 'shipping',
    amount: ctx.money(o.shipping_amount, 'shipping_amount', { optional: true }),
    discount: ctx.money(o.shipping_discount_amount, 'shipping_discount_amount', {
      optional: true,
      magnitude: true,
    }),
    tax: ctx.money(o.shipping_tax_amount, 'shipping_tax_amount', { optional: true }),
  };
}

/**
 * The payment method, plus the tenders Adobe Commerce books beside it: gift cards
 * (`gift_cards_amount`) and store credit (`customer_balance_amount`). `grand_total` is what is
 * left for the payment method after those.
 */
function paymentOf(ctx: MappingContext, o: Json, orderId: string): Tenders {
  const p = isObject(o.payment) ? o.payment : {};
  const total = ctx.money(o.grand_total, 'grand_total');
  const status = paymentStatus(ctx, o, p, total);
  const reference = textOf(p.last_trans_id ?? p.cc_trans_id, 128) ?? (orderId || 'unknown');
  const main: Payment = { status, method: methodOf(p.method), reference, amount: total };
  const gift = ctx.money(o.gift_cards_amount, 'gift_cards_amount', { optional: true });
  const credit = ctx.money(o.customer_balance_amount, 'customer_balance_amount', {
    optional: true,
  });
  if (gift === 0 && credit === 0) return { payment: main };
  const tenders: Payment[] = [
    { status: 'captured', method: 'gift_card', reference, amount: gift },
    { status: 'captured', method: 'store_credit', reference, amount: credit },
    main,
  ];
  const paid = tenders.filter((t) => t.amount > 0);
  // The order's total is what the buyer owes: gift cards and store credit included.
  return tendersOf(ctx, paid, total + gift + credit, main);
}

/** Magento has no single payment state: read the amounts booked on the payment, then the order state. */
function paymentStatus(ctx: MappingContext, o: Json, p: Json, total: number): PaymentStatus {
  const paid = ctx.money(p.amount_paid, 'payment.amount_paid', { optional: true });
  const authorized = ctx.money(p.amount_authorized, 'payment.amount_authorized', {
    optional: true,
  });
  const state = String(o.state ?? '');
  const status: PaymentStatus =
    total > 0 && paid >= total ? 'captured'
    : authorized > 0 ? 'authorized'
    : ['canceled', 'closed'].includes(state) ? 'failed'
    : state === 'processing' ? 'authorized'
    : 'pending'; // prettier-ignore
  ctx.note(`payment: paid ${paid}, authorized ${authorized}, state '${state}' -> ${status}`);
  return status;
}

function fraudOfState(ctx: MappingContext, o: Json): FraudAssessment | undefined {
  const suspected = o.state === 'payment_review' || o.status === 'fraud';
  if (!suspected) return undefined;
  ctx.note(`fraud: state '${String(o.state)}', status '${String(o.status)}' -> review`);
  return fraudOf('review');
}

function customerOf(o: Json) {
  const guest = o.customer_is_guest === 1 || o.customer_is_guest === true;
  const billing = isObject(o.billing_address) ? o.billing_address : {};
  return buildCustomer({
    channelCustomerId: guest ? undefined : o.customer_id,
    email: o.customer_email,
    phone: billing.telephone,
    name:
      fullName(o.customer_firstname, o.customer_lastname) ??
      fullName(billing.firstname, billing.lastname),
  });
}

function addressParts(value: unknown) {
  const a = isObject(value) ? value : {};
  const street = Array.isArray(a.street) ? a.street : [a.street];
  return {
    name: fullName(a.firstname, a.lastname),
    company: a.company,
    line1: street[0],
    line2: street
      .slice(1)
      .filter((s) => textOf(s))
      .join(', '),
    city: a.city,
    region: a.region_code ?? a.region,
    postalCode: a.postcode,
    countryCode: a.country_id,
    phone: a.telephone,
    email: a.email,
  };
}
