import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CanonicalOrder, OrderLine, Payment } from '@retail/contracts';
import type { BackofficeAdapters, CallContext } from '@retail/backoffice-adapters';
import {
  balanceDue,
  ExchangePayment,
  ExchangePlan,
  priceReplacement,
  replacementTotal,
  settlement,
} from '../../domain/exchange';
import { ReturnException } from '../../domain/return.exception';
import type { ReturnRecord } from '../../domain/return-record';
import { ORDERS_CLIENT, OrdersClient } from '../../ports/orders-client';
import { ReturnsRepository } from '../../persistence/returns.repository';
import { BACKOFFICE, StepCommit, WorkflowStep } from '../workflow-step';

/**
 * The exchange of a return. Returns authorized before exchanges were priced (no `exchange`
 * column) get the plan of an even exchange picked up at the returning store.
 */
export function exchangePlanOf(r: ReturnRecord): ExchangePlan {
  if (r.exchange) return r.exchange;
  const lines = priceReplacement(r.exchangeLines ?? [], r.lines);
  return {
    fulfillment: 'pickup',
    pickupLocationId: r.locationId,
    advance: false,
    lines,
    replacementTotal: replacementTotal(lines),
    estimatedCredit: r.estimate.total,
    payments: [],
  };
}

const chargedOf = (plan: ExchangePlan) =>
  plan.payments.filter((p) => p.kind === 'charge').reduce((s, p) => s + p.amount, 0);

/**
 * How the replacement is paid: the exchange credit as one tender (reference `EXCH-<returnId>`)
 * and whatever was charged on the original payment method as the other. The payment's reference
 * stays the original one, so a later return of the replacement refunds to the customer's card.
 */
export function replacementPayment(
  r: ReturnRecord,
  plan: ExchangePlan,
): Pick<CanonicalOrder, 'payment' | 'payments'> {
  const original = r.orderData.payment;
  const total = plan.replacementTotal;
  const charged = chargedOf(plan);
  const credit = total - charged;
  const payment: Payment = {
    status: 'captured',
    method: charged > 0 ? original.method : 'exchange',
    reference: original.reference,
    amount: total,
  };
  if (charged === 0 || credit === 0) return { payment };
  return {
    payment,
    payments: [
      {
        status: 'captured',
        method: original.method,
        reference: original.reference,
        amount: charged,
      },
      { status: 'captured', method: 'exchange', reference: `EXCH-${r.id}`, amount: credit },
    ],
  };
}

/**
 * The replacement order of an exchange, placed on order-ingestion with Idempotency-Key
 * `exchange-<returnId>` and channelOrderId `EXCH-<returnId>`: order-ingestion dedupes both, so
 * the replacement exists exactly once. Its lines are priced as the exchange was (ADR 0036); it is
 * picked up at the chosen store or shipped to the customer, and it names its return
 * (`exchangeForReturnId`) while the return records its id.
 */
export function replacementOrder(r: ReturnRecord, plan = exchangePlanOf(r)): CanonicalOrder {
  const fulfillment =
    plan.fulfillment === 'ship'
      ? { type: 'ship' as const }
      : { type: 'pickup' as const, locationId: plan.pickupLocationId ?? r.locationId };
  const lines: OrderLine[] = plan.lines.map((l) => ({
    lineId: l.lineId,
    sku: l.sku,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    discount: l.discount,
    tax: l.tax,
    fulfillment,
  }));
  return {
    channel: r.orderChannel,
    channelOrderId: `EXCH-${r.id}`,
    orderedAt: r.inspectedAt ?? r.createdAt,
    currency: r.currency,
    customer: r.customerId ? { customerId: r.customerId } : {},
    ...(plan.fulfillment === 'ship' && plan.shippingAddress
      ? { shippingAddress: plan.shippingAddress }
      : {}),
    lines,
    ...replacementPayment(r, plan),
    exchangeForReturnId: r.id,
  };
}

/**
 * Charges the customer's original payment method once for an exchange (key per purpose), and
 * records the charge on the return before anything else happens: a retry replays the same key
 * and finds it recorded. A declined charge is an exception for an operator.
 */
@Injectable()
export class ExchangeCharges {
  constructor(
    private readonly db: DataSource,
    @Inject(BACKOFFICE) private readonly backoffice: BackofficeAdapters,
    private readonly returns: ReturnsRepository,
  ) {}

  async charge(
    r: ReturnRecord,
    purpose: ExchangePayment['purpose'],
    amount: number,
    ctx: CallContext,
  ): Promise<ExchangePlan> {
    const plan = exchangePlanOf(r);
    if (amount <= 0 || plan.payments.some((p) => p.purpose === purpose)) return plan;
    const idempotencyKey = `exchange-${purpose}-${r.id}`;
    const result = await this.backoffice.payments.charge(
      {
        idempotencyKey,
        paymentReference: r.orderData.payment.reference,
        amount,
        currency: r.currency,
        description: `Exchange ${r.id} (${purpose})`,
        metadata: { returnId: r.id, orderId: r.orderId, purpose },
      },
      ctx,
    );
    if (result.status === 'failed')
      throw ReturnException.refundException(
        `payment provider declined the exchange charge of ${amount}: ${result.failureReason ?? 'no reason given'}`,
      );
    const payment: ExchangePayment = {
      kind: 'charge',
      purpose,
      idempotencyKey,
      amount,
      reference: result.chargeId,
      at: new Date().toISOString(),
    };
    return this.db.transaction(async (m) => {
      const stored = exchangePlanOf((await this.returns.find(r.id, m, true))!);
      if (stored.payments.some((p) => p.purpose === purpose)) return stored;
      const next = { ...stored, payments: [...stored.payments, payment] };
      await this.returns.update(m, r.id, { exchange: JSON.stringify(next) });
      await this.returns.addTimeline(m, r.id, r.status, `exchange charge (${purpose})`, payment);
      return next;
    });
  }
}

/**
 * Places the replacement order. An advance exchange first charges what the replacement costs
 * beyond the estimated credit (the rest is settled after inspection by the refund step); a
 * standard exchange runs after the refund step settled the difference.
 */
@Injectable()
export class ExchangeStep implements WorkflowStep {
  readonly name = 'exchange' as const;

  constructor(
    @Inject(ORDERS_CLIENT) private readonly orders: OrdersClient,
    private readonly returns: ReturnsRepository,
    private readonly charges: ExchangeCharges,
  ) {}

  async run(r: ReturnRecord, ctx: CallContext): Promise<StepCommit> {
    let plan = exchangePlanOf(r);
    if (plan.advance) {
      const due = settlement(balanceDue(plan.replacementTotal, plan.estimatedCredit));
      if (due?.kind === 'charge') plan = await this.charges.charge(r, 'advance', due.amount, ctx);
    }
    const created = await this.orders.createOrder(replacementOrder(r, plan), `exchange-${r.id}`);
    return async (m) => {
      await this.returns.update(m, r.id, { replacement_order_id: created.orderId });
      await this.returns.addTimeline(m, r.id, r.status, 'replacement order', {
        ...created,
        fulfillment: plan.fulfillment,
        advance: plan.advance,
      });
      return created;
    };
  }
}
