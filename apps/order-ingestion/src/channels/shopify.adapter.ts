import type { FraudAssessment, OrderShipping, Payment, PaymentStatus } from '@retail/contracts';
import { allocateProportionally } from './allocation';
import {
  asNonStock,
  buildAddress,
  buildCustomer,
  finishMapping,
  fraudOf,
  fullName,
  methodOf,
  NonStockCause,
  paymentStatusOf,
  Tenders,
  tendersOf,
  weakestStatus,
} from './canonical-parts';
import type {
  CanonicalOrderDraft,
  ChannelAdapter,
  ChannelOrderLine,
  ChannelRequest,
  ChannelSecrets,
  MappedChannelOrder,
} from './channel-types';
import {
  headerOf,
  isObject,
  isUnsafeInteger,
  Json,
  MappingContext,
  objectsOf,
  parseLossless,
  textOf,
} from './mapping-context';
import { invalidSignature, signatureMatches } from './signature';

const FINANCIAL_STATUS: Record<string, PaymentStatus> = {
  authorized: 'authorized',
  paid: 'captured',
  partially_refunded: 'captured',
  // Part of the total is still outstanding (deposit, split tender): hold until paid.
  partially_paid: 'pending',
  pending: 'pending',
  voided: 'failed',
  refunded: 'failed',
  expired: 'failed',
};

// Line item properties are how pickup apps tag the store per line (hidden, `_`-prefixed).
const PICKUP_PROPERTIES = ['_pickup_location_id', 'pickup_location_id', '_pickup_location'];
const RISK_DECISIONS: Record<string, FraudAssessment['decision']> = {
  accept: 'accept',
  investigate: 'review',
  cancel: 'reject',
};

/**
 * Shopify `orders/create` webhook (REST Order JSON). Amounts are shop-currency decimal strings;
 * ids are taken from `admin_graphql_api_id` when present because large JSON numbers lose digits.
 */
export class ShopifyAdapter implements ChannelAdapter {
  readonly channel = 'shopify' as const;

  verify(req: ChannelRequest, secrets: ChannelSecrets): void {
    const provided =
      headerOf(req.headers, 'x-shopify-hmac-sha256') ??
      headerOf(req.headers, 'shopify-hmac-sha256');
    if (!secrets.shopifyWebhookSecret) {
      throw invalidSignature(
        'SHOPIFY_WEBHOOK_SECRET is not configured: the webhook cannot be verified.',
      );
    }
    if (!provided) throw invalidSignature('X-Shopify-Hmac-Sha256 header is missing.');
    if (!signatureMatches(secrets.shopifyWebhookSecret, req.rawBody, provided)) {
      throw invalidSignature('X-Shopify-Hmac-Sha256 does not match the request body.');
    }
  }

  map(req: ChannelRequest): MappedChannelOrder {
    const ctx = new MappingContext(this.channel);
    const o = ctx.object(losslessPayload(ctx, req), '');
    const channelOrderId = shopifyId(ctx, o, '');
    ctx.currencyOf(o.currency, 'currency');
    noteCurrencies(ctx, o);
    const order: CanonicalOrderDraft = {
      channel: this.channel,
      channelOrderId,
      orderedAt: ctx.timestamp(o.created_at ?? o.processed_at, 'created_at'),
      currency: ctx.currency,
      customer: mapCustomer(o),
      lines: mapLines(ctx, o),
      ...mapPayment(ctx, o, channelOrderId),
    };
    setOptional(order, ctx, o);
    return finishMapping(ctx, order, dedupeKeys(req));
  }
}

function setOptional(order: CanonicalOrderDraft, ctx: MappingContext, o: Json): void {
  const shipping = buildAddress(ctx, addressParts(o.shipping_address), 'shipping');
  const billing = buildAddress(ctx, addressParts(o.billing_address), 'billing');
  const shippingCharge = mapShipping(ctx, o);
  const fraud = mapRisks(ctx, o.risks);
  if (shipping) order.shippingAddress = shipping;
  if (billing) order.billingAddress = billing;
  if (shippingCharge) order.shipping = shippingCharge;
  if (fraud) order.fraud = fraud;
}

/**
 * The payload with ids beyond 2^53 kept exact: Shopify's REST ids can exceed what a JSON number
 * holds, and without `admin_graphql_api_id` the parsed number has already lost digits.
 */
function losslessPayload(ctx: MappingContext, req: ChannelRequest): unknown {
  const o = isObject(req.payload) ? req.payload : {};
  const ids = [o.id, ...objectsOf(o.line_items).map((item) => item.id)];
  if (!ids.some(isUnsafeInteger)) return req.payload;
  ctx.note('ids beyond 2^53 read from the raw body as text (exact digits)');
  return parseLossless(req.rawBody.toString('utf8'));
}

function dedupeKeys(req: ChannelRequest): string[] {
  const eventId = headerOf(req.headers, 'x-shopify-event-id');
  const webhookId = headerOf(req.headers, 'x-shopify-webhook-id');
  return [
    ...(eventId ? [`shopify:event:${eventId}`] : []),
    ...(webhookId ? [`shopify:webhook:${webhookId}`] : []),
  ];
}

/** The numeric id of a Shopify resource: from its GraphQL gid when present (exact digits). */
function shopifyId(ctx: MappingContext, resource: Json, path: string): string {
  const gid = textOf(resource.admin_graphql_api_id);
  const fromGid = gid ? /^gid:\/\/shopify\/\w+\/(\d+)$/.exec(gid)?.[1] : undefined;
  if (fromGid) return fromGid;
  return ctx.id(resource.id, path ? `${path}.id` : 'id');
}

function noteCurrencies(ctx: MappingContext, o: Json): void {
  const presentment = textOf(o.presentment_currency);
  if (presentment && presentment !== ctx.currency) {
    ctx.note(`amounts taken in shop currency ${ctx.currency} (buyer paid in ${presentment})`);
  }
  if (o.taxes_included === true) ctx.note('prices include tax (taxes_included)');
}

function mapCustomer(o: Json) {
  const c = isObject(o.customer) ? o.customer : {};
  const billing = isObject(o.billing_address) ? o.billing_address : {};
  return buildCustomer({
    channelCustomerId: c.admin_graphql_api_id
      ? /(\d+)$/.exec(String(c.admin_graphql_api_id))?.[1]
      : c.id,
    email: o.email ?? o.contact_email ?? c.email,
    phone: o.phone ?? c.phone ?? billing.phone,
    name: fullName(c.first_name, c.last_name) ?? billing.name,
  });
}

function addressParts(value: unknown) {
  const a = isObject(value) ? value : {};
  return {
    name: a.name ?? fullName(a.first_name, a.last_name),
    company: a.company,
    line1: a.address1,
    line2: a.address2,
    city: a.city,
    region: a.province_code ?? a.province,
    postalCode: a.zip,
    countryCode: a.country_code,
    phone: a.phone,
  };
}

function mapLines(ctx: MappingContext, o: Json): ChannelOrderLine[] {
  const items = ctx.nonEmptyList(o.line_items, 'line_items');
  const orderPickup = orderPickupLocation(ctx, o);
  const lines = items.map((item, i) => mapLine(ctx, item, `line_items.${i}`, orderPickup));
  allocateUnallocatedDiscount(ctx, o, items, lines);
  return lines;
}

function mapLine(
  ctx: MappingContext,
  item: Json,
  path: string,
  orderPickup: string | undefined,
): ChannelOrderLine {
  const lineId = shopifyId(ctx, item, path);
  const channelSku = lineSku(ctx, item, lineId);
  const quantity = ctx.quantity(item.quantity, `${path}.quantity`);
  const unitPrice = ctx.money(item.price, `${path}.price`);
  const allocations = objectsOf(item.discount_allocations);
  const discount = ctx.sum(allocations, 'amount', `${path}.discount_allocations`);
  const taxLines = objectsOf(item.tax_lines);
  const tax = ctx.sum(taxLines, 'price', `${path}.tax_lines`);
  const pickupAt = linePickupLocation(item) ?? orderPickup;
  ctx.note(
    `line ${lineId}: price ${ctx.describe(item.price, unitPrice)}, ` +
      `discount ${allocations.length} allocation(s) -> ${discount}, tax ${taxLines.length} tax line(s) -> ${tax}` +
      (pickupAt ? `, pickup at ${pickupAt}` : ''),
  );
  const line: ChannelOrderLine = {
    lineId,
    ...(channelSku ? { sku: channelSku, channelSku } : {}),
    quantity,
    unitPrice,
    discount,
    tax,
    fulfillment: pickupAt ? { type: 'pickup', locationId: pickupAt } : { type: 'ship' },
  };
  const name = textOf(item.name ?? item.title, 200);
  if (name) line.title = name;
  const cause = nonStockCause(item, channelSku);
  return cause ? asNonStock(ctx, line, cause, name) : line;
}

/** Gift cards, tips and custom items (no variant: added by hand in the admin or at the POS). */
function nonStockCause(item: Json, channelSku: string | undefined): NonStockCause | undefined {
  if (item.gift_card === true) return 'gift card';
  if (channelSku) return undefined;
  return /^tip$/i.test(String(item.name ?? item.title ?? '').trim()) ? 'tip' : 'custom item';
}

/**
 * Shopify allows SKU-less variants: fall back to the variant id (mapped like a SKU). A line with
 * neither is a custom item (or a tip): undefined, it becomes a non_stock line.
 */
function lineSku(ctx: MappingContext, item: Json, lineId: string): string | undefined {
  const sku = textOf(item.sku, 128);
  if (sku) return sku;
  const variant = textOf(item.variant_id, 128);
  if (variant) ctx.note(`line ${lineId}: no sku, using variant id ${variant} as channel sku`);
  return variant;
}

function linePickupLocation(item: Json): string | undefined {
  const prop = objectsOf(item.properties).find((p) => PICKUP_PROPERTIES.includes(String(p.name)));
  return prop ? textOf(prop.value, 64) : undefined;
}

/** Local pickup chosen at checkout: a shipping line named for pickup; store from note attributes. */
function orderPickupLocation(ctx: MappingContext, o: Json): string | undefined {
  const isPickup = objectsOf(o.shipping_lines).some((s) =>
    [s.code, s.title, s.source].some((v) => /pick\s*-?\s*up/i.test(String(v ?? ''))),
  );
  if (!isPickup) return undefined;
  const attribute = objectsOf(o.note_attributes).find((a) =>
    PICKUP_PROPERTIES.includes(String(a.name).toLowerCase()),
  );
  const location = textOf(attribute?.value, 64) ?? textOf(o.location_id, 64);
  if (!location) ctx.fail('shipping_lines', 'pickup order without a pickup location id');
  return location;
}

/** Older API versions carry no discount_allocations: spread total_discounts over the lines. */
function allocateUnallocatedDiscount(
  ctx: MappingContext,
  o: Json,
  items: Json[],
  lines: ChannelOrderLine[],
): void {
  if (items.some((item) => Array.isArray(item.discount_allocations))) return;
  const shippingDiscount = objectsOf(o.shipping_lines).reduce(
    (acc, s, i) =>
      acc + ctx.sum(objectsOf(s.discount_allocations), 'amount', `shipping_lines.${i}`),
    0,
  );
  const total =
    ctx.money(o.total_discounts, 'total_discounts', { optional: true }) - shippingDiscount;
  if (total <= 0) return;
  const shares = allocateProportionally(
    total,
    lines.map((l) => l.unitPrice * l.quantity),
  );
  lines.forEach((line, i) => (line.discount = shares[i]));
  ctx.note(`order discount ${total} allocated over lines by value: ${shares.join(', ')}`);
}

function mapShipping(ctx: MappingContext, o: Json): OrderShipping | undefined {
  const shippingLines = objectsOf(o.shipping_lines);
  if (shippingLines.length === 0) return undefined;
  const sum = (key: 'price' | 'tax' | 'discount') =>
    shippingLines.reduce((acc, s, i) => acc + shippingPart(ctx, s, `shipping_lines.${i}`, key), 0);
  const first = shippingLines[0];
  return {
    method: textOf(first.code ?? first.title, 100) ?? 'shipping',
    amount: sum('price'),
    discount: sum('discount'),
    tax: sum('tax'),
  };
}

function shippingPart(ctx: MappingContext, s: Json, path: string, key: string): number {
  if (key === 'price') return ctx.money(s.price, `${path}.price`);
  if (key === 'tax') return ctx.sum(objectsOf(s.tax_lines), 'price', `${path}.tax_lines`);
  return ctx.sum(objectsOf(s.discount_allocations), 'amount', `${path}.discount_allocations`);
}

/**
 * The order's payment. The webhook body carries no transactions; when the sender embeds the
 * order's `transactions` (Transaction API resources), each successful sale, capture or open
 * authorization is one tender (`payments[]`), e.g. a gift card plus a card.
 */
function mapPayment(ctx: MappingContext, o: Json, orderId: string): Tenders {
  const gateways = Array.isArray(o.payment_gateway_names) ? o.payment_gateway_names : [];
  const total = ctx.money(o.total_price, 'total_price');
  const tenders = transactionTenders(ctx, o);
  if (tenders.length === 0) {
    ctx.note('payment reference = Shopify order id (the webhook carries no transaction ids)');
  }
  const fallback: Payment = {
    status: paymentStatusOf(ctx, FINANCIAL_STATUS, o.financial_status, 'financial_status'),
    method: methodOf(gateways.find((g) => textOf(g)) ?? o.gateway),
    reference: orderId || 'unknown',
    amount: total,
  };
  const mapped = tendersOf(ctx, tenders, total, fallback);
  // The order's financial status still speaks for the whole (e.g. partially_paid: held).
  if (tenders.length > 0) {
    mapped.payment.status = weakestStatus([mapped.payment.status, fallback.status]);
  }
  return mapped;
}

const TRANSACTION_STATUS: Record<string, PaymentStatus> = {
  sale: 'captured',
  capture: 'captured',
  authorization: 'authorized',
};

function transactionTenders(ctx: MappingContext, o: Json): Payment[] {
  const all = objectsOf(o.transactions).map((t, i) => ({ t, path: `transactions.${i}` }));
  const ok = all.filter(({ t }) => t.status === 'success' && TRANSACTION_STATUS[String(t.kind)]);
  const captured = new Set(
    ok.filter(({ t }) => t.kind === 'capture').map(({ t }) => String(t.parent_id)),
  );
  return ok
    .filter(({ t }) => !(t.kind === 'authorization' && captured.has(String(t.id))))
    .map(({ t, path }) => ({
      status: TRANSACTION_STATUS[String(t.kind)],
      method: methodOf(t.gateway),
      reference: textOf(t.authorization, 128) ?? shopifyId(ctx, t, path),
      amount: ctx.money(t.amount, `${path}.amount`),
    }));
}

/** Order risks (REST `risks`, when an enrichment step adds them): the most severe wins. */
function mapRisks(ctx: MappingContext, risks: unknown): FraudAssessment | undefined {
  const assessed = objectsOf(risks)
    .map((r) => ({ decision: RISK_DECISIONS[String(r.recommendation)], score: Number(r.score) }))
    .filter((r) => r.decision !== undefined);
  if (assessed.length === 0) return undefined;
  const order = ['accept', 'review', 'reject'];
  const worst = assessed.reduce((a, b) =>
    order.indexOf(b.decision) > order.indexOf(a.decision) ? b : a,
  );
  // Shopify scores are 0.0..1.0; the canonical score is 0..100.
  const score = Number.isFinite(worst.score) ? Math.round(worst.score * 10000) / 100 : undefined;
  ctx.note(`fraud: ${assessed.length} risk(s) -> ${worst.decision}`);
  return fraudOf(worst.decision, score);
}
