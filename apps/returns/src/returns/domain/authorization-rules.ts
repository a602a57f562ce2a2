import type { ReturnRequest, ReturnRequestLine } from '@retail/contracts';
import type { FieldError } from '@retail/platform-http';
import type { OrderLineView, OrderView, ShipmentView } from '../ports/order-view';
import type { ReturnPolicyProduct } from '../ports/product-catalog';
import { allocateLine, LineAllocation, LinePool } from './refund-calculator';

/** What earlier returns of an order line took (read under the line's lock). */
export interface LineLedger extends LinePool {
  returnedSerials: string[];
}

export interface AuthorizedLine {
  request: ReturnRequestLine;
  orderLine: OrderLineView;
  product: ReturnPolicyProduct;
  allocation: LineAllocation;
}

export interface AuthorizationInput {
  request: ReturnRequest;
  order: OrderView;
  products: Map<string, ReturnPolicyProduct>;
  ledgers: Map<string, LineLedger>;
  now: Date;
}

const DAY_MS = 86_400_000;
const REFUSED_PAYMENT = new Set(['pending', 'failed']);

export function orderErrors(order: OrderView): FieldError[] {
  const errors: FieldError[] = [];
  if (order.status === 'cancelled')
    errors.push({ field: 'orderId', message: `order ${order.orderId} is cancelled` });
  if (REFUSED_PAYMENT.has(order.payment?.status))
    errors.push({
      field: 'orderId',
      message: `payment of order ${order.orderId} is ${order.payment.status}: nothing to refund`,
    });
  return errors;
}

export const shippedUnits = (shipments: ShipmentView[]) =>
  shipments.reduce((sum, s) => sum + s.quantity, 0);

/** The date the return window starts: when the last units reached (or left for) the customer. */
export function windowStart(shipments: ShipmentView[]): Date | undefined {
  const dates = shipments
    .map((s) => s.deliveredAt ?? s.shippedAt)
    .filter((d): d is string => !!d)
    .map((d) => new Date(d).getTime())
    .filter((t) => !Number.isNaN(t));
  return dates.length ? new Date(Math.max(...dates)) : undefined;
}

function windowError(p: ReturnPolicyProduct, shipments: ShipmentView[], now: Date) {
  const start = windowStart(shipments);
  if (!start) return 'no shipment or delivery date recorded for this line';
  const deadline = start.getTime() + p.returnWindowDays * DAY_MS;
  if (now.getTime() > deadline)
    return `return window of ${p.returnWindowDays} days closed on ${new Date(deadline).toISOString()}`;
  return undefined;
}

function quantityError(q: number, shipped: number, ledger: LineLedger) {
  const left = shipped - ledger.allocatedQuantity;
  if (q > left)
    return `quantity ${q} exceeds returnable quantity ${Math.max(left, 0)} (shipped ${shipped}, already returned ${ledger.allocatedQuantity})`;
  return undefined;
}

function serialErrors(
  line: ReturnRequestLine,
  p: ReturnPolicyProduct,
  shipments: ShipmentView[],
  ledger: LineLedger,
) {
  const serials = line.serialNumbers ?? [];
  const errors: string[] = [];
  if (p.serialTracked && serials.length !== line.quantity)
    errors.push(`${p.sku} is serial-tracked: give ${line.quantity} serial number(s)`);
  if (new Set(serials).size !== serials.length) errors.push('serial numbers repeat');
  const shipped = new Set(shipments.flatMap((s) => s.serialNumbers));
  const returned = new Set(ledger.returnedSerials);
  for (const serial of serials) {
    if (!shipped.has(serial)) errors.push(`serial ${serial} was not shipped on this order line`);
    else if (returned.has(serial)) errors.push(`serial ${serial} was already returned`);
  }
  return errors;
}

/**
 * Lots (ADR 0040): a lot-tracked product's return names its lot; a named lot (of any product)
 * must be one the order line shipped, as recorded by the shipment events. A line shipped without
 * lot data (a WMS that sends none, orders shipped before lots were recorded) cannot contradict
 * the lot, so it is accepted.
 */
function lotError(line: ReturnRequestLine, p: ReturnPolicyProduct, shipments: ShipmentView[]) {
  if (p.lotTracked && !line.lotNumber) return `${p.sku} is lot-tracked: give the lot number`;
  if (!line.lotNumber) return undefined;
  const lots = new Set(shipments.flatMap((s) => s.lotNumbers));
  if (lots.size > 0 && !lots.has(line.lotNumber))
    return `lot ${line.lotNumber} was not shipped on this order line`;
  return undefined;
}

interface LineCheck {
  line: ReturnRequestLine;
  orderLine: OrderLineView;
  product: ReturnPolicyProduct;
  ledger: LineLedger;
  shipments: ShipmentView[];
  now: Date;
}

function lineProblems(c: LineCheck): string[] {
  const { line, product, shipments, ledger } = c;
  if (!product.returnable) return [`${product.sku} is not returnable`];
  return [
    quantityError(line.quantity, shippedUnits(shipments), ledger),
    windowError(product, shipments, c.now),
    ...serialErrors(line, product, shipments, ledger),
    lotError(line, product, shipments),
  ].filter((m): m is string => !!m);
}

const emptyLedger = (l: OrderLineView): LineLedger => ({
  orderedQuantity: l.quantity,
  discount: l.discount,
  tax: l.tax,
  allocatedQuantity: 0,
  allocatedDiscount: 0,
  allocatedTax: 0,
  returnedSerials: [],
});

/**
 * Every check of the contract, all problems at once: the line is on the order, its product is
 * returnable and inside its window, the quantity is at most shipped minus already returned, and
 * serials/lots were shipped on that line. Allocates the discount and tax shares when it passes.
 */
export function authorizeLines(input: AuthorizationInput): {
  errors: FieldError[];
  lines: AuthorizedLine[];
} {
  const errors = orderErrors(input.order);
  const lines: AuthorizedLine[] = [];
  const seen = new Set<string>();
  input.request.lines.forEach((line, i) => {
    const field = `lines.${i}`;
    const orderLine = input.order.lines.find((l) => l.lineId === line.lineId);
    if (!orderLine)
      return errors.push({
        field: `${field}.lineId`,
        message: `line ${line.lineId} is not on order ${input.order.orderId}`,
      });
    if (seen.has(line.lineId))
      return errors.push({
        field: `${field}.lineId`,
        message: `line ${line.lineId} is listed twice`,
      });
    seen.add(line.lineId);
    const product = input.products.get(orderLine.sku);
    if (!product)
      return errors.push({
        field: `${field}.lineId`,
        message: `product ${orderLine.sku} is unknown to master data`,
      });
    const ledger = input.ledgers.get(line.lineId) ?? emptyLedger(orderLine);
    const shipments = input.order.shipments.filter((s) => s.lineId === line.lineId);
    const problems = lineProblems({ line, orderLine, product, ledger, shipments, now: input.now });
    if (problems.length) return problems.forEach((message) => errors.push({ field, message }));
    lines.push({
      request: line,
      orderLine,
      product,
      allocation: allocateLine(ledger, line.quantity),
    });
  });
  return { errors, lines };
}
