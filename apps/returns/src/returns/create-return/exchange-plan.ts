import type { ReturnRequest } from '@retail/contracts';
import type { FieldError } from '@retail/platform-http';
import {
  ExchangePlan,
  ExchangePricingError,
  priceReplacement,
  replacementTotal,
} from '../domain/exchange';
import type { ReturnLineRecord } from '../domain/return-record';
import type { OrderView } from '../ports/order-view';
import type { ReturnPolicyProduct } from '../ports/product-catalog';

export interface ExchangePlanInput {
  request: ReturnRequest;
  order: OrderView;
  lines: ReturnLineRecord[];
  /** The credit estimated for the returned lines (no restocking fee on an exchange). */
  estimatedCredit: number;
  /** Master data of the replacement SKUs. */
  products: Map<string, ReturnPolicyProduct>;
  windowSeconds: number;
  now: Date;
}

/**
 * The exchange of a return request, priced and checked: replacement SKUs known to master data,
 * prices by the rule of `priceReplacement`, a shipping address for a shipped replacement. The
 * errors are the 422's field errors.
 */
export function planExchange(input: ExchangePlanInput): {
  plan?: ExchangePlan;
  errors: FieldError[];
} {
  const { request, order } = input;
  const options = request.exchange ?? {};
  if (request.resolution !== 'exchange')
    return request.exchange
      ? { errors: [{ field: 'exchange', message: 'exchange options need resolution exchange' }] }
      : { errors: [] };
  const errors: FieldError[] = [];
  (request.exchangeLines ?? []).forEach((x, i) => {
    if (!input.products.has(x.sku))
      errors.push({
        field: `exchangeLines[${i}].sku`,
        message: `replacement ${x.sku} is unknown to master data`,
      });
  });
  let lines: ExchangePlan['lines'] = [];
  try {
    lines = priceReplacement(request.exchangeLines ?? [], input.lines);
  } catch (error) {
    if (!(error instanceof ExchangePricingError)) throw error;
    errors.push({ field: 'exchangeLines', message: error.message });
  }
  const fulfillment = options.fulfillment ?? 'pickup';
  const shippingAddress =
    fulfillment === 'ship' ? (options.shippingAddress ?? order.shippingAddress) : undefined;
  if (fulfillment === 'ship' && !shippingAddress)
    errors.push({
      field: 'exchange.shippingAddress',
      message: 'a shipped replacement needs an address: the order has none',
    });
  if (errors.length) return { errors };
  const advance = options.advance === true;
  return {
    errors,
    plan: {
      fulfillment,
      ...(fulfillment === 'pickup'
        ? { pickupLocationId: options.pickupLocationId ?? request.locationId }
        : { shippingAddress }),
      advance,
      ...(advance
        ? { dueBy: new Date(input.now.getTime() + input.windowSeconds * 1000).toISOString() }
        : {}),
      lines,
      replacementTotal: replacementTotal(lines),
      estimatedCredit: input.estimatedCredit,
      payments: [],
    },
  };
}
