import {
  CanonicalOrder,
  CHANNEL_PATTERN,
  FRAUD_DECISIONS,
  FULFILLMENT_TYPES,
  LINE_KINDS,
  MAX_ID_LENGTH,
  MAX_MINOR_AMOUNT,
  MAX_ORDER_LINES,
  MAX_QUANTITY,
  MAX_TENDERS,
  PAYMENT_STATUSES,
  TIMESTAMP_PATTERN,
  validateContract,
  type ContractFieldError,
} from '@retail/contracts';
import { isEmail, isISO31661Alpha2, isISO4217CurrencyCode, isISO8601 } from 'class-validator';

/**
 * The 202 path's check of a mapped canonical order, without class-transformer and
 * class-validator for the orders that are plainly valid (they cost ~16% of the intake's CPU in
 * the burst, ADR 0044). `plainlyValid` is STRICTER than the `CanonicalOrder` contract: every rule
 * of the contract's decorators is checked (the same class-validator functions for e-mail,
 * country, currency and timestamp), plus "no null where a field is optional" and "plain objects
 * only", and an unknown key fails it. Whatever it does not accept goes through
 * `validateContract`, which gives the contract's own answer and messages: an order it accepts is
 * one the contract accepts (`canonical-check.spec.ts` holds it to that, over generated orders).
 */
export function checkCanonicalOrder(order: CanonicalOrder): {
  value: CanonicalOrder;
  errors: ContractFieldError[];
} {
  if (plainlyValid(order, {})) return { value: order, errors: [] };
  return validateContract(CanonicalOrder, order);
}

type Json = Record<string, unknown>;
type Rule = (value: unknown, owner: Json) => boolean;

/** An object literal or parsed JSON object (of any realm), not an array or class instance. */
function plainObject(value: unknown): value is Json {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

const id =
  (max = MAX_ID_LENGTH): Rule =>
  (v) =>
    typeof v === 'string' && v.length > 0 && v.length <= max;
const text = id;
const amount: Rule = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_MINOR_AMOUNT;
const oneOf =
  (values: readonly string[]): Rule =>
  (v) =>
    typeof v === 'string' && values.includes(v);
const email: Rule = (v) => typeof v === 'string' && v.length <= 254 && isEmail(v);
const optional =
  (rule: Rule): Rule =>
  (v, owner) =>
    v === undefined || rule(v, owner);

/** Each key of the object known and passing its rule; a rule also sees absent keys. */
function shape(rules: Record<string, Rule>): Rule {
  const names = Object.keys(rules);
  const known = new Set(names);
  return (v) => {
    if (!plainObject(v)) return false;
    for (const key of Object.keys(v)) if (!known.has(key)) return false;
    for (const name of names) if (!rules[name](v[name], v)) return false;
    return true;
  };
}

function list(item: Rule, min: number, max: number): Rule {
  return (v) => {
    if (!Array.isArray(v) || v.length < min || v.length > max) return false;
    for (const entry of v) if (!item(entry, {})) return false;
    return true;
  };
}

const address = shape({
  name: optional(text(200)),
  company: optional(text(200)),
  line1: text(200),
  line2: optional(text(200)),
  city: text(100),
  region: optional(text(100)),
  postalCode: optional(text(20)),
  countryCode: (v) => typeof v === 'string' && isISO31661Alpha2(v),
  phone: optional(text(32)),
  email: optional(email),
});

const payment = shape({
  status: oneOf(PAYMENT_STATUSES),
  method: id(64),
  reference: id(),
  amount,
});

const line = shape({
  lineId: id(),
  kind: optional(oneOf(LINE_KINDS)),
  // Validated unless a non-stock line leaves it out (the contract's ValidateIf).
  sku: (v, l) => (v === undefined && l.kind === 'non_stock') || id(64)(v, l),
  title: optional(text(200)),
  quantity: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_QUANTITY,
  unitPrice: amount,
  discount: amount,
  tax: amount,
  fulfillment: shape({
    type: oneOf(FULFILLMENT_TYPES),
    locationId: (v, f) => (v === undefined && f.type !== 'pickup') || id(64)(v, f),
  }),
});

const plainlyValid = shape({
  channel: (v) => typeof v === 'string' && v.length <= 64 && CHANNEL_PATTERN.test(v),
  channelOrderId: id(),
  orderedAt: (v) =>
    typeof v === 'string' && isISO8601(v, { strict: true }) && TIMESTAMP_PATTERN.test(v),
  currency: (v) => typeof v === 'string' && /^[A-Z]{3}$/.test(v) && isISO4217CurrencyCode(v),
  customer: shape({
    customerId: optional(id()),
    channelCustomerId: optional(id()),
    email: optional(email),
    phone: optional(text(32)),
    name: optional(text(200)),
  }),
  shippingAddress: optional(address),
  billingAddress: optional(address),
  lines: list(line, 1, MAX_ORDER_LINES),
  shipping: optional(
    shape({
      method: text(100),
      amount,
      discount: optional(amount),
      tax: optional(amount),
    }),
  ),
  payment,
  payments: optional(list(payment, 0, MAX_TENDERS)),
  fraud: optional(
    shape({
      decision: oneOf(FRAUD_DECISIONS),
      score: optional((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100),
    }),
  ),
  exchangeForReturnId: optional(id()),
});
