import type { PaymentStatus } from '@retail/contracts';
import { allocateProportionally, splitTotalOverUnits } from './allocation';
import type { ChannelOrderLine } from './channel-types';
import { isObject, MappingContext } from './mapping-context';

/** Amazon money object: `{ amount | Amount, currencyCode | CurrencyCode }`, amount a string. */
export function amazonMoney(
  ctx: MappingContext,
  value: unknown,
  path: string,
  options: { optional?: boolean; magnitude?: boolean } = {},
): number {
  if (!isObject(value)) {
    if (!options.optional) ctx.fail(path, 'is required');
    return 0;
  }
  const currency = value.currencyCode ?? value.CurrencyCode;
  if (currency !== undefined && String(currency).toUpperCase() !== ctx.currency) {
    ctx.fail(path, `currency ${String(currency)} differs from the order currency ${ctx.currency}`);
  }
  return ctx.money(value.amount ?? value.Amount, `${path}.amount`, options);
}

/** The currency of the first money object found, for orders whose total is not there yet. */
export function firstCurrency(...candidates: unknown[]): unknown {
  const found = candidates.find((c) => isObject(c) && (c.currencyCode ?? c.CurrencyCode));
  return isObject(found) ? (found.currencyCode ?? found.CurrencyCode) : undefined;
}

// Marketplace currencies (SP-API "Marketplace IDs" reference), for orders that carry no money yet
// (Pending: no OrderTotal, no item prices).
const MARKETPLACE_CURRENCY: Readonly<Record<string, string>> = {
  ATVPDKIKX0DER: 'USD', A2EUQ1WTGCTBG2: 'CAD', A1AM78C64UM0Y8: 'MXN', A2Q3Y263D00KWC: 'BRL',
  A1F83G8C2ARO7P: 'GBP', A1PA6795UKMFR9: 'EUR', A13V1IB3VIYZZH: 'EUR', APJ6JRA9NG5V4: 'EUR',
  A1RKKUPIHCS9HS: 'EUR', A1805IZSGTT6HS: 'EUR', AMEN7PMS3EDWL: 'EUR', A2NODRKZP88ZB9: 'SEK',
  A1C3SOZRARQ6R3: 'PLN', A33AVAJ2PDY3EV: 'TRY', A2VIGQ35RCS4UG: 'AED', A17E79C6D8DWNP: 'SAR',
  ARBP9OOSHTCHU: 'EGP', A21TJRUUN4KGV: 'INR', A1VC38T7YXB528: 'JPY', A39IBJ37TRP1C6: 'AUD',
  A19VAU5U5O7RUS: 'SGD',
}; // prettier-ignore

/**
 * The order currency: the first money object that names one (`candidates`, nested objects
 * searched too), else the marketplace's currency (noted).
 */
export function orderCurrency(
  ctx: MappingContext,
  candidates: unknown[],
  marketplaceId: unknown,
): unknown {
  const found = firstCurrency(...candidates.flatMap(moneyObjects));
  if (found !== undefined) return found;
  const currency = MARKETPLACE_CURRENCY[String(marketplaceId)];
  if (currency)
    ctx.note(`no amounts yet: currency ${currency} of marketplace ${String(marketplaceId)}`);
  return currency;
}

function moneyObjects(value: unknown): unknown[] {
  if (!isObject(value)) return [];
  if ((value.currencyCode ?? value.CurrencyCode) !== undefined) return [value];
  return Object.values(value).flatMap((v) =>
    Array.isArray(v) ? v.flatMap(moneyObjects) : moneyObjects(v),
  );
}

/** Amazon's order states (v0 OrderStatus and v2026 fulfillmentStatus, lower-cased, no `_`). */
export const AMAZON_PAYMENT: Record<string, PaymentStatus> = {
  pendingavailability: 'pending',
  pending: 'pending',
  // Amazon collects the buyer's payment and guarantees it once the order is released to ship.
  unshipped: 'captured',
  partiallyshipped: 'captured',
  shipped: 'captured',
  invoiceunconfirmed: 'captured',
  canceled: 'failed',
  cancelled: 'failed',
  unfulfillable: 'failed',
};

export function amazonStatusKey(value: unknown): string {
  return String(value ?? '')
    .replace(/_/g, '')
    .toLowerCase();
}

/** Item amounts of one Amazon order item, all totals for the item's whole quantity. */
export interface AmazonItemAmounts {
  lineId: string;
  channelSku: string;
  name?: string;
  quantity: number;
  /** Per-unit price when the channel gives it; else derived from `itemTotal`. */
  unitPrice?: number;
  itemTotal: number;
  discount: number;
  tax: number;
}

/**
 * Canonical line(s) of one item. A price that is only known as a total (v0 `ItemPrice`) and does
 * not divide by the quantity is split into two lines (`<id>-1`, `<id>-2`) at adjacent unit
 * prices, with discount and tax allocated by value, so no minor unit is invented or lost.
 */
export function amazonLines(ctx: MappingContext, item: AmazonItemAmounts): ChannelOrderLine[] {
  const base = {
    sku: item.channelSku,
    channelSku: item.channelSku,
    fulfillment: { type: 'ship' as const },
  };
  const named = item.name ? { title: item.name } : {};
  if (item.unitPrice !== undefined) {
    const { lineId, quantity, unitPrice, discount, tax } = item as Required<AmazonItemAmounts>;
    return [{ lineId, ...base, ...named, quantity, unitPrice, discount, tax }];
  }
  const parts = splitTotalOverUnits(item.itemTotal, item.quantity);
  if (parts.length === 1) {
    const { lineId, discount, tax } = item;
    return [
      {
        lineId,
        ...base,
        ...named,
        quantity: parts[0].quantity,
        unitPrice: parts[0].unit,
        discount,
        tax,
      },
    ];
  }
  const weights = parts.map((p) => p.quantity * p.unit);
  const discounts = allocateProportionally(item.discount, weights);
  const taxes = allocateProportionally(item.tax, weights);
  ctx.note(
    `item ${item.lineId}: price total ${item.itemTotal} for ${item.quantity} units does not divide: ` +
      `split into ${parts.map((p) => `${p.quantity} x ${p.unit}`).join(' + ')}`,
  );
  return parts.map((p, i) => ({
    lineId: `${item.lineId}-${i + 1}`,
    ...base,
    ...named,
    quantity: p.quantity,
    unitPrice: p.unit,
    discount: discounts[i],
    tax: taxes[i],
  }));
}

/**
 * An order we still ship whose delivery address Amazon withheld (the street lines are restricted
 * PII: v0 needs a Restricted Data Token, v2026-01-01 the Direct-to-Consumer Delivery role).
 * Accepted and held `address_restricted` until the address can be fetched.
 */
export function holdIfAddressRestricted(
  ctx: MappingContext,
  hasStreet: boolean,
  merchantFulfilled: boolean,
  statusKey: string,
): void {
  if (hasStreet || !merchantFulfilled) return;
  if (!['unshipped', 'partiallyshipped'].includes(statusKey)) return;
  ctx.hold(
    'address_restricted',
    'Amazon withheld the delivery address (restricted data): fetch it with a Restricted Data ' +
      'Token / the Direct-to-Consumer Delivery role, then release the hold',
  );
}

/** A price Amazon has not sent yet (Pending orders): 0 and held `price_missing`. */
export function holdMissingPrice(ctx: MappingContext, lineId: string, what: string): number {
  ctx.hold('price_missing', `item ${lineId}: Amazon sent no ${what} (pulled again once it does)`);
  return 0;
}
