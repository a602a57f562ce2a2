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
import { isObject, Json, MappingContext, objectsOf, textOf } from './mapping-context';

/** Per-item money of a v2026 item, split by what it is charged for. */
interface ItemMoney {
  item: number;
  itemDiscount: number;
  itemTax: number;
  shipping: number;
  shippingDiscount: number;
  shippingTax: number;
}

/**
 * SP-API Orders v2026-01-01 order (`getOrder`/`searchOrders` with PROCEEDS): item prices in
 * `product.price.unitPrice`, and per-item `proceeds.breakdowns` (ITEM, SHIPPING, TAX, DISCOUNT,
 * the last two split into ITEM/SHIPPING `detailedBreakdowns`).
 */
export function mapAmazonV2026(ctx: MappingContext, o: Json): CanonicalOrderDraft {
  const items = ctx.nonEmptyList(o.orderItems, 'orderItems');
  const proceeds = isObject(o.proceeds) ? o.proceeds : {};
  const channel = isObject(o.salesChannel) ? o.salesChannel : {};
  ctx.currencyOf(
    orderCurrency(ctx, [proceeds.grandTotal, ...items], channel.marketplaceId),
    'proceeds.grandTotal.currencyCode',
  );
  const channelOrderId = ctx.id(o.orderId, 'orderId');
  const moneys = items.map((item, i) => itemMoney(ctx, item, `orderItems.${i}`));
  const lines = items.flatMap((item, i) => itemLines(ctx, item, moneys[i], `orderItems.${i}`));
  const fulfillment = isObject(o.fulfillment) ? o.fulfillment : {};
  noteFulfilledBy(ctx, fulfillment.fulfilledBy);
  const order: CanonicalOrderDraft = {
    channel: 'amazon',
    channelOrderId,
    orderedAt: ctx.timestamp(o.createdTime, 'createdTime'),
    currency: ctx.currency,
    customer: customerOf(o),
    lines,
    shipping: shippingOf(moneys, fulfillment),
    payment: {
      status: paymentStatusOf(
        ctx,
        AMAZON_PAYMENT,
        amazonStatusKey(fulfillment.fulfillmentStatus),
        'fulfillmentStatus',
      ),
      method: 'amazon',
      reference: channelOrderId || 'unknown',
      amount: 0,
    },
  };
  order.payment.amount = grandTotal(ctx, proceeds, order);
  const recipient = isObject(o.recipient) ? o.recipient : {};
  const address = buildAddress(ctx, addressParts(recipient.deliveryAddress), 'shipping');
  if (address) order.shippingAddress = address;
  const merchant = fulfillment.fulfilledBy !== 'AMAZON';
  holdIfAddressRestricted(
    ctx,
    Boolean(address),
    merchant,
    amazonStatusKey(fulfillment.fulfillmentStatus),
  );
  return order;
}

/** `proceeds.grandTotal` (only with includedData PROCEEDS): else the lines and shipping. */
function grandTotal(ctx: MappingContext, proceeds: Json, order: CanonicalOrderDraft): number {
  if (isObject(proceeds.grandTotal)) {
    return amazonMoney(ctx, proceeds.grandTotal, 'proceeds.grandTotal');
  }
  const total = draftTotal(order.lines, order.shipping);
  ctx.note(`no proceeds.grandTotal: total derived from the items and shipping (${total})`);
  return total;
}

function itemLines(
  ctx: MappingContext,
  item: Json,
  money: ItemMoney,
  path: string,
): ChannelOrderLine[] {
  const product = ctx.object(item.product, `${path}.product`);
  const price = isObject(product.price) ? product.price : {};
  const quantity = ctx.quantity(item.quantityOrdered, `${path}.quantityOrdered`);
  const hasUnitPrice = isObject(price.unitPrice);
  const lineId = ctx.id(item.orderItemId, `${path}.orderItemId`);
  if (!hasUnitPrice && money.item === 0) {
    holdMissingPrice(ctx, lineId, 'unitPrice nor ITEM proceeds');
  }
  ctx.note(
    `item ${lineId}: discount ${money.itemDiscount}, tax ${money.itemTax} from proceeds breakdowns`,
  );
  return amazonLines(ctx, {
    lineId,
    channelSku: ctx.id(product.sellerSku, `${path}.product.sellerSku`),
    name: textOf(product.title, 200),
    quantity,
    unitPrice: hasUnitPrice
      ? amazonMoney(ctx, price.unitPrice, `${path}.product.price.unitPrice`)
      : undefined,
    itemTotal: money.item,
    discount: money.itemDiscount,
    tax: money.itemTax,
  });
}

function itemMoney(ctx: MappingContext, item: Json, path: string): ItemMoney {
  const proceeds = isObject(item.proceeds) ? item.proceeds : {};
  const breakdowns = objectsOf(proceeds.breakdowns);
  const of = (type: string) => breakdowns.findIndex((b) => b.type === type);
  const amount = (type: string) => {
    const i = of(type);
    return i < 0
      ? 0
      : amazonMoney(ctx, breakdowns[i].subtotal, `${path}.proceeds.breakdowns.${i}.subtotal`, {
          magnitude: true,
        });
  };
  const [itemTax, shippingTax] = splitDetailed(
    ctx,
    breakdowns,
    of('TAX'),
    amount('TAX'),
    `${path}.proceeds`,
  );
  const [itemDiscount, shippingDiscount] = splitDetailed(
    ctx,
    breakdowns,
    of('DISCOUNT'),
    amount('DISCOUNT'),
    `${path}.proceeds`,
  );
  return {
    item: amount('ITEM'),
    itemTax,
    itemDiscount,
    shipping: amount('SHIPPING'),
    shippingTax,
    shippingDiscount,
  };
}

/** TAX/DISCOUNT subtotal split into its SHIPPING part and the rest (item, gift wrap, ...). */
function splitDetailed(
  ctx: MappingContext,
  breakdowns: Json[],
  index: number,
  subtotal: number,
  path: string,
): [number, number] {
  if (index < 0) return [0, 0];
  const detailed = objectsOf(breakdowns[index].detailedBreakdowns);
  const shippingIndex = detailed.findIndex((d) => d.subtype === 'SHIPPING');
  if (shippingIndex < 0) return [subtotal, 0];
  const detailPath = `${path}.breakdowns.${index}.detailedBreakdowns.${shippingIndex}.value`;
  const shipping = amazonMoney(ctx, detailed[shippingIndex].value, detailPath, { magnitude: true });
  return [Math.max(subtotal - shipping, 0), shipping];
}

function shippingOf(moneys: ItemMoney[], fulfillment: Json): OrderShipping {
  const total = (key: keyof ItemMoney) => moneys.reduce((acc, m) => acc + m[key], 0);
  return {
    method: textOf(fulfillment.fulfillmentServiceLevel, 100) ?? 'standard',
    amount: total('shipping'),
    discount: total('shippingDiscount'),
    tax: total('shippingTax'),
  };
}

function noteFulfilledBy(ctx: MappingContext, fulfilledBy: unknown): void {
  if (fulfilledBy === 'AMAZON') ctx.note('fulfilled by Amazon (FBA): lines mapped as ship');
}

function customerOf(o: Json) {
  const buyer = isObject(o.buyer) ? o.buyer : {};
  return buildCustomer({ email: buyer.buyerEmail, name: buyer.buyerName });
}

function addressParts(value: unknown) {
  const a = isObject(value) ? value : {};
  return {
    name: a.name,
    company: a.companyName,
    line1: a.addressLine1,
    line2: [a.addressLine2, a.addressLine3].filter((v) => textOf(v)).join(', '),
    city: a.city,
    region: a.stateOrRegion,
    postalCode: a.postalCode,
    countryCode: a.countryCode,
    phone: a.phone,
  };
}
