import { amazonTime } from '../../common/dates';
import { OrderModel } from '../order-model';
import { decimal, lineTax, totals } from '../order-seed';

/** SP-API Orders v0: the order document and its items (getOrderItems) kept together. */
export interface AmazonOrder {
  order: Record<string, unknown> & {
    AmazonOrderId: string;
    LastUpdateDate: string;
    PurchaseDate: string;
    OrderStatus: string;
  };
  items: (Record<string, unknown> & {
    OrderItemId: string;
    SellerSKU: string;
    QuantityOrdered: number;
    QuantityShipped: number;
  })[];
  /** Packages confirmed by confirmShipment, as the 2026-01-01 getOrder lists them (PACKAGES). */
  packages?: Record<string, unknown>[];
}

/** Fields that need a Restricted Data Token (dataElements shippingAddress / buyerInfo). */
export const RESTRICTED_ADDRESS_FIELDS = [
  'Name',
  'AddressLine1',
  'AddressLine2',
  'AddressLine3',
  'Phone',
  'CompanyName',
];

/** Orders v0 Order / OrderItem, shaped like the ordersV0 model's sandbox responses. */
export const amazonOrders: OrderModel<AmazonOrder> = {
  channel: 'amazon',
  build(seed, ctx) {
    const id = `${String(111 + (seed.n % 800)).padStart(3, '0')}-${String(seed.n).padStart(7, '0')}-${String((seed.n * 7919) % 10_000_000).padStart(7, '0')}`;
    const time = amazonTime(seed.now);
    const t = totals(seed);
    const c = seed.currency;
    const m = (minor: number) => ({ CurrencyCode: c, Amount: decimal(minor) });
    const ship = new Date(seed.now.getTime() + 86_400_000);
    const order = {
      AmazonOrderId: id,
      PurchaseDate: time,
      LastUpdateDate: time,
      OrderStatus: 'Unshipped',
      FulfillmentChannel: 'MFN',
      SalesChannel: 'Amazon.com',
      ShipServiceLevel: 'Std US D2D Dom',
      OrderTotal: m(t.total),
      NumberOfItemsShipped: 0,
      NumberOfItemsUnshipped: t.quantity,
      PaymentMethod: 'Other',
      PaymentMethodDetails: ['Standard'],
      MarketplaceId: ctx.credentials.amazon.marketplaceId,
      ShipmentServiceLevelCategory: 'Standard',
      OrderType: 'StandardOrder',
      EarliestShipDate: amazonTime(seed.now),
      LatestShipDate: amazonTime(ship),
      IsBusinessOrder: false,
      IsPrime: false,
      IsPremiumOrder: false,
      IsGlobalExpressEnabled: false,
      IsReplacementOrder: false,
      IsSoldByAB: false,
      IsISPU: false,
      IsAccessPointOrder: false,
      HasRegulatedItems: false,
      ShippingAddress: {
        Name: `${seed.customer.firstName} ${seed.customer.lastName}`,
        AddressLine1: seed.address.street,
        City: seed.address.city,
        StateOrRegion: seed.address.regionCode,
        PostalCode: seed.address.postalCode,
        CountryCode: seed.address.country,
        Phone: seed.customer.phone,
        AddressType: 'Residential',
      },
      BuyerInfo: {
        BuyerEmail: `${id.replace(/-/g, '')}@marketplace.amazon.com`,
        BuyerName: `${seed.customer.firstName} ${seed.customer.lastName}`,
      },
      AutomatedShippingSettings: { HasAutomatedShippingSettings: false },
    };
    const items = seed.lines.map((line, i) => ({
      ASIN: `B0SIM${line.sku
        .replace(/[^A-Z0-9]/gi, '')
        .slice(-5)
        .toUpperCase()
        .padStart(5, '0')}`,
      SellerSKU: line.sku,
      OrderItemId: `${String(seed.n).padStart(10, '0')}${i + 1}`,
      Title: line.title,
      QuantityOrdered: line.quantity,
      QuantityShipped: 0,
      ProductInfo: { NumberOfItems: '1' },
      // v0: ItemPrice and ItemTax are for the whole line (unit price x quantity).
      ItemPrice: m(line.unitPrice * line.quantity),
      ItemTax: m(lineTax(line, seed.taxRate)),
      ShippingPrice: m(i === 0 ? seed.shipping : 0),
      ShippingTax: m(0),
      PromotionDiscount: m(0),
      PromotionDiscountTax: m(0),
      PromotionIds: [],
      IsGift: 'false',
      ConditionId: 'New',
      ConditionSubtypeId: 'New',
      IsTransparency: false,
      SerialNumberRequired: false,
      BuyerRequestedCancel: { IsBuyerRequestedCancel: 'false', BuyerCancelReason: '' },
    }));
    return { id, native: { order, items } };
  },
  idOf(native) {
    const order = native.order as Record<string, unknown> | undefined;
    return typeof order?.AmazonOrderId === 'string' && Array.isArray(native.items)
      ? order.AmazonOrderId
      : undefined;
  },
  touch(native, now) {
    native.order.LastUpdateDate = amazonTime(now);
  },
  cancel(native) {
    native.order.OrderStatus = 'Canceled';
  },
};

/** The order as a caller without a Restricted Data Token sees it: no name, street or email. */
export function withoutRestrictedData(
  order: AmazonOrder['order'],
  keep: { address: boolean; buyer: boolean },
) {
  const copy: Record<string, unknown> = { ...order };
  if (!keep.address && order.ShippingAddress) {
    const address = { ...(order.ShippingAddress as Record<string, unknown>) };
    for (const field of RESTRICTED_ADDRESS_FIELDS) delete address[field];
    copy.ShippingAddress = address;
  }
  if (!keep.buyer) {
    copy.BuyerInfo = {};
  }
  return copy;
}
