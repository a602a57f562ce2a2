import {
  Address,
  CanonicalOrder,
  CustomerRef,
  FraudAssessment,
  Payment,
  PaymentStatus,
} from '@retail/contracts';
import { ProblemException } from '@retail/platform-http';
import { isEmail, isISO31661Alpha2 } from 'class-validator';
import { checkCanonicalOrder } from './canonical-check';
import type {
  CanonicalOrderDraft,
  ChannelName,
  ChannelOrderLine,
  MappedChannelOrder,
} from './channel-types';
import { MappingContext, textOf } from './mapping-context';
import { formatMinor } from './money';

/** Address pieces as a channel provides them (any may be missing). */
export interface AddressParts {
  name?: unknown;
  company?: unknown;
  line1?: unknown;
  line2?: unknown;
  city?: unknown;
  region?: unknown;
  postalCode?: unknown;
  countryCode?: unknown;
  phone?: unknown;
  email?: unknown;
}

/**
 * A canonical address, or undefined (noted) when the channel withheld what a carrier needs:
 * marketplaces hide street lines from some roles, and a partial address must not look complete.
 */
export function buildAddress(
  ctx: MappingContext,
  parts: AddressParts,
  label: string,
): Address | undefined {
  const line1 = textOf(parts.line1, 200);
  const city = textOf(parts.city, 100);
  const countryCode = textOf(parts.countryCode)?.toUpperCase();
  if (!line1 || !city || !countryCode || !isISO31661Alpha2(countryCode)) {
    ctx.note(`${label} address omitted: street, city or ISO country code missing`);
    return undefined;
  }
  const address: Address = { line1, city, countryCode };
  assignDefined(address, {
    name: textOf(parts.name, 200),
    company: textOf(parts.company, 200),
    line2: textOf(parts.line2, 200),
    region: textOf(parts.region, 100),
    postalCode: textOf(parts.postalCode, 20),
    phone: textOf(parts.phone, 32),
    email: emailOf(parts.email),
  });
  return address;
}

/** The buyer; only the fields the channel actually sent. */
export function buildCustomer(parts: {
  channelCustomerId?: unknown;
  email?: unknown;
  phone?: unknown;
  name?: unknown;
}): CustomerRef {
  const customer: CustomerRef = {};
  assignDefined(customer, {
    channelCustomerId: textOf(parts.channelCustomerId, 128),
    email: emailOf(parts.email),
    phone: textOf(parts.phone, 32),
    name: textOf(parts.name, 200),
  });
  return customer;
}

/** "First Last" from name parts, skipping blanks. */
export function fullName(...parts: unknown[]): string | undefined {
  return textOf(
    parts
      .map((p) => textOf(p))
      .filter(Boolean)
      .join(' '),
    200,
  );
}

export function emailOf(value: unknown): string | undefined {
  const email = textOf(value, 254);
  return email && isEmail(email) ? email : undefined;
}

/** A payment method token (`Credit Card` -> `credit_card`), `unknown` when absent. */
export function methodOf(value: unknown): string {
  const text = textOf(value, 64)
    ?.toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
  return text?.replace(/^_+|_+$/g, '') || 'unknown';
}

/** A fraud verdict from a 0..1 or 0..100 score and a decision word. */
export function fraudOf(decision: FraudAssessment['decision'], score?: number): FraudAssessment {
  const fraud: FraudAssessment = { decision };
  if (score !== undefined && Number.isFinite(score) && score >= 0 && score <= 100) {
    fraud.score = score;
  }
  return fraud;
}

/** Maps a channel status through a table; unknown values become `pending` (noted, held). */
export function paymentStatusOf(
  ctx: MappingContext,
  table: Record<string, PaymentStatus>,
  raw: unknown,
  label: string,
): PaymentStatus {
  const key = textOf(raw)?.toLowerCase() ?? '';
  const status = table[key];
  if (status) {
    ctx.note(`payment ${label} ${JSON.stringify(raw)} -> ${status}`);
    return status;
  }
  ctx.note(`payment ${label} ${JSON.stringify(raw ?? null)} unknown -> pending (held)`);
  return 'pending';
}

/** Drops the channel extra (`channelSku`): the canonical order itself. */
export function toCanonicalOrder(draft: CanonicalOrderDraft): CanonicalOrder {
  const lines = draft.lines.map(({ channelSku: _sku, ...line }) => line);
  return { ...draft, lines } as CanonicalOrder;
}

/** What the buyer pays by the draft's own figures: lines net of discount plus tax, plus shipping. */
export function draftTotal(
  lines: ChannelOrderLine[],
  shipping?: CanonicalOrderDraft['shipping'],
): number {
  const net = lines.reduce((acc, l) => acc + l.unitPrice * l.quantity - l.discount + l.tax, 0);
  return net + (shipping ? shipping.amount - (shipping.discount ?? 0) + (shipping.tax ?? 0) : 0);
}

/** The weakest of several payment states (one authorized tender among captured ones: authorized). */
export function weakestStatus(statuses: PaymentStatus[]): PaymentStatus {
  const rank: PaymentStatus[] = ['failed', 'pending', 'authorized', 'captured'];
  return statuses.reduce((a, b) => (rank.indexOf(b) < rank.indexOf(a) ? b : a));
}

/**
 * A line priced tax-inclusive (gross): its inc-tax total before discounts (`gross`), the
 * discounts and the tax are exact; the ex-tax unit price may not be (sub-cent, or not sent).
 * The ex-tax net is derived from the exact figures (gross - discounts - tax); the unit price is
 * the line's current `unitPrice` if that is an ex-tax price reaching the net (e.g. a sub-cent
 * price rounded up), else the net over the quantity rounded up; the discount is what brings
 * quantity x unit price down to the net. The line then adds up to what the buyer pays, exactly.
 */
export function exTaxFromGross(ctx: MappingContext, line: ChannelOrderLine, gross: number): void {
  const net = gross - line.discount - line.tax;
  const fits = line.unitPrice * line.quantity >= net && line.unitPrice * line.quantity < gross;
  const unit = fits ? line.unitPrice : Math.ceil(Math.max(net, 0) / line.quantity);
  const discount = unit * line.quantity - Math.max(net, 0);
  ctx.note(
    `line ${line.lineId}: tax-inclusive ${gross} - discounts ${line.discount} - tax ${line.tax} = ` +
      `ex-tax net ${net}: ${line.quantity} x ${unit} - discount ${discount}`,
  );
  line.unitPrice = unit;
  line.discount = discount;
}

/** What a line without a SKU is (for the timeline note). */
export type NonStockCause =
  | 'custom item'
  | 'ad-hoc item'
  | 'custom amount'
  | 'gift card'
  | 'tip'
  | 'service charge'
  | 'handling'
  | 'gift wrapping';

/**
 * Turns a mapped line into a `non_stock` line: no canonical SKU (nothing to resolve or reserve),
 * its title and amounts kept; what the channel sent as an item id stays in `channelSku`.
 */
export function asNonStock(
  ctx: MappingContext,
  line: ChannelOrderLine,
  cause: NonStockCause,
  title: string | undefined,
): ChannelOrderLine {
  const { sku: _sku, ...rest } = line;
  const named = textOf(title, 200) ?? textOf(line.title, 200) ?? defaultTitle(cause);
  ctx.note(`line ${line.lineId}: ${cause} "${named}" -> non_stock (no SKU, never reserved)`);
  return { ...rest, kind: 'non_stock', title: named };
}

function defaultTitle(cause: NonStockCause): string {
  return cause.charAt(0).toUpperCase() + cause.slice(1);
}

/** A line the channel books outside its items (tip, service charge, handling): non_stock. */
export function chargeLine(
  ctx: MappingContext,
  parts: { lineId: string; title?: string; amount: number; tax?: number; discount?: number },
  cause: NonStockCause,
  fulfillment: ChannelOrderLine['fulfillment'] = { type: 'ship' },
): ChannelOrderLine {
  const line: ChannelOrderLine = {
    lineId: parts.lineId,
    quantity: 1,
    unitPrice: parts.amount,
    discount: parts.discount ?? 0,
    tax: parts.tax ?? 0,
    fulfillment,
  };
  return asNonStock(ctx, line, cause, parts.title);
}

/** The order's payment, and one entry per tender when there are several. */
export interface Tenders {
  payment: Payment;
  payments?: Payment[];
}

/**
 * Several tenders: `payments[]` one per tender, `payment` their sum with the weakest status and
 * the first tender's method and reference. Tenders that do not add up to the order total are
 * accepted and held (`payment_tenders_mismatch`). No tender: `fallback` (the order's own view).
 */
export function tendersOf(
  ctx: MappingContext,
  tenders: Payment[],
  orderTotal: number,
  fallback: Payment,
): Tenders {
  if (tenders.length === 0) return { payment: fallback };
  const amount = tenders.reduce((acc, t) => acc + t.amount, 0);
  const status = weakestStatus(tenders.map((t) => t.status));
  const payment: Payment = { ...tenders[0], status, amount };
  if (amount !== orderTotal) {
    ctx.hold(
      'payment_tenders_mismatch',
      `${tenders.length} tender(s) add up to ${formatMinor(amount, ctx.currency)} ${ctx.currency}, ` +
        `the order total is ${formatMinor(orderTotal, ctx.currency)}`,
    );
  }
  if (tenders.length === 1) return { payment };
  ctx.note(
    `payment: ${tenders.length} tenders ${tenders.map((t) => `${t.method} ${t.amount}`).join(' + ')} = ${amount}`,
  );
  return { payment, payments: tenders };
}

/**
 * Ends a mapping: throws the collected 422, validates the result against `CanonicalOrder`
 * (a mapper bug or an odd payload must not reach the pipeline; `checkCanonicalOrder` skips
 * class-validator for plainly valid orders) and assembles the result.
 */
export function finishMapping(
  ctx: MappingContext,
  order: CanonicalOrderDraft,
  dedupeKeys: string[],
): MappedChannelOrder {
  ctx.assertValid();
  assertUniqueLineIds(order.lines);
  const { value, errors } = checkCanonicalOrder(toCanonicalOrder(order));
  if (errors.length > 0) {
    const detail = `The ${ctx.channel} order maps to an invalid canonical order.`;
    throw new ProblemException(422, 'invalid-channel-payload', detail, errors);
  }
  return {
    channel: ctx.channel as ChannelName,
    channelOrderId: order.channelOrderId,
    dedupeKeys,
    order,
    canonical: value,
    transformations: ctx.notes,
    holds: ctx.holds,
  };
}

function assertUniqueLineIds(lines: ChannelOrderLine[]): void {
  const seen = new Set<string>();
  const dupes = lines.filter((l) => seen.size === seen.add(l.lineId).size);
  if (dupes.length === 0) return;
  const errors = dupes.map((l) => ({ field: 'lines', message: `duplicate line id ${l.lineId}` }));
  throw new ProblemException(422, 'invalid-channel-payload', 'Duplicate line ids.', errors);
}

function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}
