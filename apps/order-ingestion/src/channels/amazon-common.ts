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
  const named = item.name ? { name: item.name } : {};
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
