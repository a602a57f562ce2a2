import type { Address, ExchangeFulfillment, ExchangeLine } from '@retail/contracts';
import { divideHalfUp, prorate, times } from './money';

/** What the customer paid for the returned units of one order line (its share of the line). */
export interface ReturnedLineValue {
  lineId: string;
  sku: string;
  quantity: number;
  unitPrice: number;
  discountShare: number;
  taxShare: number;
}

/** A priced replacement line: it becomes a line of the replacement order as it is. */
export interface ReplacementLine {
  lineId: string;
  sku: string;
  quantity: number;
  unitPrice: number;
  /** Discount on the whole line (an even exchange keeps what the customer paid). */
  discount: number;
  /** Tax on the whole line. */
  tax: number;
  /** The returned line it replaces, if one-for-one. */
  replacesLineId?: string;
}

/** One money movement with the payment provider for an exchange. */
export interface ExchangePayment {
  /** `charge` (the customer pays) or `refund` (the customer receives). */
  kind: 'charge' | 'refund';
  /** `advance` at the advance exchange's creation, `settle` after inspection, `unreturned` on lapse. */
  purpose: 'advance' | 'settle' | 'unreturned';
  idempotencyKey: string;
  amount: number;
  reference: string;
  at: string;
}

/**
 * Advance exchange: the authorization held on the customer's card for the replacement while the
 * goods are out (key `exchange-advance-<returnId>`); voided when they come back, captured once
 * when the window passes without them.
 */
export interface ExchangeHold {
  idempotencyKey: string;
  authorizationId: string;
  amount: number;
  state: 'held' | 'voided' | 'captured';
  at: string;
  closedAt?: string;
}

/** The exchange a return carries (column `exchange`). */
export interface ExchangePlan {
  fulfillment: ExchangeFulfillment;
  pickupLocationId?: string;
  shippingAddress?: Address;
  advance: boolean;
  /** Advance exchange: the goods must be received before this. */
  dueBy?: string;
  lines: ReplacementLine[];
  /** What the replacement costs, tax included. */
  replacementTotal: number;
  /** The exchange credit estimated at authorization (every unit passing inspection). */
  estimatedCredit: number;
  payments: ExchangePayment[];
  /** Advance exchange: when the window passed without the goods. */
  lapsedAt?: string;
  /** Advance exchange: the authorization held during the window (none before ADR 0043). */
  hold?: ExchangeHold;
}

export class ExchangePricingError extends Error {}

/** Gross amount of a line: unitPrice x quantity - discount + tax. */
export const lineTotal = (l: {
  unitPrice: number;
  quantity: number;
  discount: number;
  tax: number;
}) => times(l.unitPrice, l.quantity) - l.discount + l.tax;

export const netOf = (l: { unitPrice: number; quantity: number; discount: number }) =>
  times(l.unitPrice, l.quantity) - l.discount;

/**
 * Prices the replacement lines. Rule: a line without `unitPrice` is priced as the customer paid
 * for the returned line it names (same unit price, its discount share prorated over the
 * replacement units), whatever its SKU (another size or colour): an even exchange, as exchanges
 * were before they were priced; that needs `lineId`, or a single returned line. A line
 * without `tax` gets the returned line's effective rate (taxShare / net paid) applied to its net
 * amount, rounded half up. Master data carries no prices, so any other price comes from the
 * caller (the POS or web shop that sold the replacement).
 */
export function priceReplacement(
  requested: ExchangeLine[],
  returned: ReturnedLineValue[],
): ReplacementLine[] {
  return requested.map((x, i) => {
    const source =
      returned.find((l) => l.lineId === x.lineId) ??
      (x.lineId === undefined && returned.length === 1 ? returned[0] : undefined);
    if (x.lineId !== undefined && !returned.some((l) => l.lineId === x.lineId))
      throw new ExchangePricingError(`exchange line ${i + 1}: line ${x.lineId} is not returned`);
    if (x.unitPrice === undefined && !source)
      throw new ExchangePricingError(
        `exchange line ${i + 1}: unitPrice is required when the line does not name the returned line it replaces`,
      );
    const unitPrice = x.unitPrice ?? source!.unitPrice;
    const discount =
      x.unitPrice === undefined ? scaled(source!.discountShare, x.quantity, source!.quantity) : 0;
    const net = times(unitPrice, x.quantity) - discount;
    const rateSource = source ?? returned[0];
    const tax = x.tax ?? taxAtRateOf(rateSource, net);
    return {
      lineId: `X${i + 1}`,
      sku: x.sku,
      quantity: x.quantity,
      unitPrice,
      discount,
      tax,
      ...(source ? { replacesLineId: source.lineId } : {}),
    };
  });
}

/** `amount` for `units` of a returned share of `of` units, half up. */
function scaled(amount: number, units: number, of: number): number {
  if (units <= of) return prorate(amount, of, units);
  return Number(divideHalfUp(BigInt(amount) * BigInt(units), BigInt(of)));
}

/** The returned line's effective tax rate applied to `net`, half up (0 when it paid no net). */
export function taxAtRateOf(line: ReturnedLineValue, net: number): number {
  const paidNet = netOf({ ...line, discount: line.discountShare });
  if (paidNet <= 0 || line.taxShare === 0 || net === 0) return 0;
  return Number(divideHalfUp(BigInt(net) * BigInt(line.taxShare), BigInt(paidNet)));
}

export const replacementTotal = (lines: ReplacementLine[]) =>
  lines.reduce((s, l) => s + lineTotal(l), 0);

/**
 * What is still owed between the customer and the retailer once the credit is known: positive,
 * the customer pays (a charge); negative, the customer receives (a refund). Earlier movements of
 * the same exchange count: whatever was charged or refunded before, the movements add up to
 * exactly `replacement - credit`.
 */
export function balanceDue(
  replacement: number,
  credit: number,
  earlier: Array<Pick<ExchangePayment, 'kind' | 'amount'>> = [],
): number {
  const paidSoFar = earlier.reduce((s, p) => s + (p.kind === 'charge' ? p.amount : -p.amount), 0);
  return replacement - credit - paidSoFar;
}

/** The one movement that settles `due` (none when even). */
export function settlement(due: number): { kind: 'charge' | 'refund'; amount: number } | undefined {
  if (due === 0) return undefined;
  return due > 0 ? { kind: 'charge', amount: due } : { kind: 'refund', amount: -due };
}
