import type { OrderShipping } from '@retail/contracts';
import {
  AMAZON_PAYMENT,
  amazonLines,
  amazonMoney,
  amazonStatusKey,
  orderCurrency,
  holdIfAddressRestricted,
  holdMissingPrice,
} from './amazon-common';
import { buildAddress, buildCustomer, draftTotal, paymentStatusOf } from './canonical-parts';
import type { CanonicalOrderDraft, ChannelOrderLine } from './channel-types';
import { isObject, Json, MappingContext, textOf } from './mapping-context';

/**
 * SP-API Orders v0 order (`getOrder` payload) with its `OrderItems` (`getOrderItems`). v0 amounts
 * are totals for the item's quantity: `ItemPrice` is NOT a unit price.
 */
export function mapAmazonV0(ctx: MappingContext, o: Json): CanonicalOrderDraft {
  const items = ctx
    .nonEmptyList(o.OrderItems, 'OrderItems')
    .map((item, i) => ({ item, path: `OrderItems.${i}` }))
    .filter(({ item }) => !cancelledItem(ctx, item));
  const currency = orderCurrency(
    ctx,
    [o.OrderTotal, ...items.map(({ item }) => item)],
    o.MarketplaceId,
  );
  ctx.currencyOf(currency, 'OrderTotal.CurrencyCode');
  const channelOrderId = ctx.id(o.AmazonOrderId, 'AmazonOrderId');
  if (items.length === 0) ctx.fail('OrderItems', 'every item has QuantityOrdered 0');
  const lines = items.flatMap(({ item, path }) => itemLines(ctx, item, path));
  if (o.FulfillmentChannel === 'AFN') ctx.note('fulfilled by Amazon (FBA): lines mapped as ship');
  const shipping = shippingOf(ctx, o, items);
  const order: CanonicalOrderDraft = {
    channel: 'amazon',
    channelOrderId,
    orderedAt: ctx.timestamp(o.PurchaseDate, 'PurchaseDate'),
    currency: ctx.currency,
    customer: customerOf(o),
    lines,
    shipping,
    payment: {
      status: paymentStatusOf(ctx, AMAZON_PAYMENT, amazonStatusKey(o.OrderStatus), 'OrderStatus'),
      method: 'amazon',
      reference: channelOrderId || 'unknown',
      amount: orderTotal(ctx, o, lines, shipping),
    },
  };
  const parts = addressParts(o.ShippingAddress);
  const address = buildAddress(ctx, parts, 'shipping');
  if (address) order.shippingAddress = address;
  const merchant = o.FulfillmentChannel !== 'AFN';
  holdIfAddressRestricted(ctx, Boolean(address), merchant, amazonStatusKey(o.OrderStatus));
  return order;
}

// A cancelled item stays in the order with QuantityOrdered 0: it is not a line to fulfil.
function cancelledItem(ctx: MappingContext, item: Json): boolean {
  if (item.QuantityOrdered !== 0) return false;
  ctx.note(`item ${String(item.OrderItemId)} dropped: QuantityOrdered 0 (cancelled)`);
  return true;
}

/** `OrderTotal` (absent while Pending): else what the lines and shipping add up to. */
function orderTotal(
  ctx: MappingContext,
  o: Json,
  lines: ChannelOrderLine[],
  shipping: OrderShipping,
): number {
  if (isObject(o.OrderTotal)) return amazonMoney(ctx, o.OrderTotal, 'OrderTotal');
  const total = draftTotal(lines, shipping);
  ctx.note(`no OrderTotal: total derived from the items and shipping (${total})`);
  return total;
}

function itemLines(ctx: MappingContext, item: Json, path: string): ChannelOrderLine[] {
  const lineId = ctx.id(item.OrderItemId, `${path}.OrderItemId`);
  const itemTotal = isObject(item.ItemPrice)
    ? amazonMoney(ctx, item.ItemPrice, `${path}.ItemPrice`)
    : holdMissingPrice(ctx, lineId, 'ItemPrice');
  const discount = amazonMoney(ctx, item.PromotionDiscount, `${path}.PromotionDiscount`, {
    optional: true,
    magnitude: true,
  });
  const tax = amazonMoney(ctx, item.ItemTax, `${path}.ItemTax`, { optional: true });
  ctx.note(`item ${lineId}: ItemPrice ${itemTotal} is the total for the quantity`);
  return amazonLines(ctx, {
    lineId,
    channelSku: ctx.id(item.SellerSKU, `${path}.SellerSKU`),
    name: textOf(item.Title, 200),
    quantity: ctx.quantity(item.QuantityOrdered, `${path}.QuantityOrdered`),
    itemTotal,
    discount,
    tax,
  });
}

function shippingOf(
  ctx: MappingContext,
  o: Json,
  items: Array<{ item: Json; path: string }>,
): OrderShipping {
  const sum = (key: string, magnitude = false) =>
    items.reduce(
      (acc, { item, path }) =>
        acc + amazonMoney(ctx, item[key], `${path}.${key}`, { optional: true, magnitude }),
      0,
    );
  return {
    method: textOf(o.ShipmentServiceLevelCategory ?? o.ShipServiceLevel, 100) ?? 'standard',
    amount: sum('ShippingPrice'),
    discount: sum('ShippingDiscount', true),
    tax: sum('ShippingTax'),
  };
}

function customerOf(o: Json) {
  const buyer = isObject(o.BuyerInfo) ? o.BuyerInfo : {};
  return buildCustomer({ email: buyer.BuyerEmail, name: buyer.BuyerName });
}

function addressParts(value: unknown) {
  const a = isObject(value) ? value : {};
  return {
    name: a.Name,
    company: a.CompanyName,
    line1: a.AddressLine1,
    line2: [a.AddressLine2, a.AddressLine3].filter((v) => textOf(v)).join(', '),
    city: a.City,
    region: a.StateOrRegion,
    postalCode: a.PostalCode,
    countryCode: a.CountryCode,
    phone: a.Phone,
  };
}
