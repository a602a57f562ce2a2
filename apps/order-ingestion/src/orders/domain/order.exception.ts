import { DomainException, FieldError } from '@retail/platform-http';

export const ORDER_ERROR_CODES = [
  'order-not-found',
  'order-already-shipped',
  'order-not-on-hold',
  'payment-failed',
  'order-not-in-exception',
  'order-cancelled',
  'invalid-fulfillment-event',
  'invalid-order',
] as const;
export type OrderErrorCode = (typeof ORDER_ERROR_CODES)[number];

const STATUS: Record<OrderErrorCode, number> = {
  'order-not-found': 404,
  'order-already-shipped': 409,
  'order-not-on-hold': 409,
  'payment-failed': 409,
  'order-not-in-exception': 409,
  'order-cancelled': 409,
  'invalid-fulfillment-event': 422,
  'invalid-order': 422,
};

/** Every refusal of the order aggregate (problem+json over HTTP). */
export class OrderException extends DomainException {
  constructor(code: OrderErrorCode, detail: string, errors?: FieldError[]) {
    super(code, STATUS[code], detail, { errors });
  }

  static notFound(orderId: string): OrderException {
    return new OrderException('order-not-found', `order ${orderId} not found`);
  }
}
