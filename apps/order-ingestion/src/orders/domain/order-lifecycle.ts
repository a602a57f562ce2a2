import type { OrderStatus } from '@retail/contracts';

const SHIPPING: OrderStatus[] = ['partially_fulfilled', 'fulfilled'];

/**
 * Every status change an order may make (the same status is always allowed: a timeline note).
 * The one writer of orders (`OrdersRepository`) refuses anything else, so a bug in a use case
 * cannot move an order backwards (e.g. a late ERP answer reopening a cancelled order).
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  // A WMS or store reports what physically happened, whatever the pipeline has got to.
  received: ['on_hold', 'exception', 'reserved', 'backordered', 'cancelled', ...SHIPPING],
  on_hold: ['received', 'cancelled'],
  // awaiting_erp: an operator's retry of an order the ERP refused (retry/retry-order.handler.ts).
  exception: ['received', 'awaiting_erp', 'cancelled', ...SHIPPING],
  reserved: ['awaiting_erp', 'cancelled', ...SHIPPING],
  backordered: ['awaiting_erp', 'cancelled', ...SHIPPING],
  awaiting_erp: ['erp_confirmed', 'exception', 'cancelled', ...SHIPPING],
  erp_confirmed: ['cancelled', ...SHIPPING],
  partially_fulfilled: ['fulfilled'],
  fulfilled: [],
  cancelled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || ORDER_TRANSITIONS[from].includes(to);
}

/** Thrown by the repository for a transition outside the table: a programming error. */
export class IllegalTransitionError extends Error {
  constructor(orderId: string, from: OrderStatus, to: OrderStatus) {
    super(`order ${orderId}: ${from} -> ${to} is not a transition of the order lifecycle`);
    this.name = 'IllegalTransitionError';
  }
}
