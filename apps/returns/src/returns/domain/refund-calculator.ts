import type { ItemCondition, Refund, RefundLine, TaxReversal } from '@retail/contracts';
import { percentOf, prorate, times } from './money';

/** What is left of an order line that earlier returns have not taken yet. */
export interface LinePool {
  /** Units of the order line (its `discount` and `tax` are totals over these). */
  orderedQuantity: number;
  discount: number;
  tax: number;
  /** Units, discount and tax already allocated to earlier (non-rejected) returns. */
  allocatedQuantity: number;
  allocatedDiscount: number;
  allocatedTax: number;
}

export interface LineAllocation {
  discountShare: number;
  taxShare: number;
  /** Units and tax still unallocated before this return (sent to the tax engine). */
  poolQuantity: number;
  poolTax: number;
}

/** The discount and tax shares of `q` returned units, from what earlier returns left. */
export function allocateLine(pool: LinePool, q: number): LineAllocation {
  const poolQuantity = pool.orderedQuantity - pool.allocatedQuantity;
  const poolDiscount = pool.discount - pool.allocatedDiscount;
  const poolTax = pool.tax - pool.allocatedTax;
  return {
    discountShare: prorate(poolDiscount, poolQuantity, q),
    taxShare: prorate(poolTax, poolQuantity, q),
    poolQuantity,
    poolTax,
  };
}

export interface RefundLineInput {
  lineId: string;
  sku: string;
  quantity: number;
  unitPrice: number;
  discountShare: number;
  taxShare: number;
  restockingFeePercent: number;
  /** Unknown for an estimate: the estimate assumes the units pass inspection. */
  condition?: ItemCondition;
  /** Shipping refunded with the line (defective units only). */
  shipping?: number;
}

/** Defective goods are the seller's fault: no restocking fee, and shipping is refunded. */
export const isSellerFault = (condition?: ItemCondition) => condition === 'defective';

export function refundLine(input: RefundLineInput): RefundLine {
  const merchandise = times(input.unitPrice, input.quantity) - input.discountShare;
  if (merchandise < 0) throw new RangeError(`line ${input.lineId}: discount exceeds price`);
  const restockingFee = isSellerFault(input.condition)
    ? 0
    : percentOf(merchandise, input.restockingFeePercent);
  const shipping = isSellerFault(input.condition) ? (input.shipping ?? 0) : 0;
  const line: RefundLine = {
    lineId: input.lineId,
    sku: input.sku,
    quantity: input.quantity,
    merchandise,
    discount: input.discountShare,
    tax: input.taxShare,
    restockingFee,
    total: merchandise + input.taxShare - restockingFee + shipping,
  };
  if (shipping > 0) line.shipping = shipping;
  return line;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * The refund of a return. `taxReversal` itemises the tax given back: from the tax engine once
 * quoted, otherwise one entry per line with the prorated tax (estimates).
 */
export function computeRefund(
  currency: string,
  inputs: RefundLineInput[],
  taxReversal?: TaxReversal[],
): Refund {
  const lines = inputs.map(refundLine);
  return {
    currency,
    lines,
    merchandiseTotal: sum(lines.map((l) => l.merchandise)),
    taxTotal: sum(lines.map((l) => l.tax)),
    restockingFeeTotal: sum(lines.map((l) => l.restockingFee)),
    shippingTotal: sum(lines.map((l) => l.shipping ?? 0)),
    total: sum(lines.map((l) => l.total)),
    taxReversal:
      taxReversal ?? lines.map((l) => ({ lineId: l.lineId, jurisdiction: 'line', amount: l.tax })),
  };
}

export interface TaxMismatch {
  lineId: string;
  prorated: number;
  quoted: number;
}

/** Lines where the tax engine's itemised reversal differs from the prorated tax. */
export function compareTax(
  prorated: Array<{ lineId: string; taxShare: number }>,
  quoted: Array<{ lineId: string; taxAmount: number }>,
): TaxMismatch[] {
  const byLine = new Map(quoted.map((q) => [q.lineId, q.taxAmount]));
  return prorated
    .map((p) => ({ lineId: p.lineId, prorated: p.taxShare, quoted: byLine.get(p.lineId) ?? -1 }))
    .filter((m) => m.prorated !== m.quoted);
}

export function describeMismatches(mismatches: TaxMismatch[]): string {
  return mismatches
    .map((m) =>
      m.quoted < 0
        ? `line ${m.lineId}: tax engine returned no reversal (prorated ${m.prorated})`
        : `line ${m.lineId}: prorated tax ${m.prorated} but tax engine reverses ${m.quoted}`,
    )
    .join('; ');
}
