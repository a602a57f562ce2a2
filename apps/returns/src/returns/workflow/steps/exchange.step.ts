import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CanonicalOrder, OrderLine, Payment } from '@retail/contracts';
import {
  BackofficeRejectedError,
  type BackofficeAdapters,
  type CallContext,
} from '@retail/backoffice-adapters';
import {
  ExchangeHold,
  ExchangePayment,
  ExchangePlan,
  priceReplacement,
  replacementTotal,
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
    return this.save(r, `exchange charge (${purpose})`, payment, (stored) =>
      stored.payments.some((p) => p.purpose === purpose)
        ? undefined
        : { ...stored, payments: [...stored.payments, payment] },
    );
  }

  /**
   * Advance exchange (ADR 0043): holds `amount` on the customer's card (key
   * `exchange-advance-<returnId>`) and records the hold before anything else. A declined
   * authorization is an exception: no advance is granted, no replacement placed.
   */
  async hold(r: ReturnRecord, amount: number, ctx: CallContext): Promise<ExchangePlan> {
    const plan = exchangePlanOf(r);
    if (amount <= 0 || plan.hold) return plan;
    const idempotencyKey = `exchange-advance-${r.id}`;
    const result = await this.backoffice.payments.authorize(
      {
        idempotencyKey,
        paymentReference: r.orderData.payment.reference,
        amount,
        currency: r.currency,
        description: `Advance exchange ${r.id}: replacement held until the goods are back`,
        metadata: { returnId: r.id, orderId: r.orderId, purpose: 'advance' },
      },
      ctx,
    );
    if (result.status !== 'requires_capture')
      throw ReturnException.refundException(
        `payment provider refused the advance exchange authorization of ${amount}: ${result.failureReason ?? result.status}`,
      );
    const hold: ExchangeHold = {
      idempotencyKey,
      authorizationId: result.authorizationId,
      amount,
      state: 'held',
      at: new Date().toISOString(),
    };
    return this.save(r, 'exchange authorization held', hold, (stored) =>
      stored.hold ? undefined : { ...stored, hold },
    );
  }

  /** Voids the advance exchange's hold once (key `exchange-void-<returnId>`): the goods are back. */
  async release(r: ReturnRecord, ctx: CallContext): Promise<ExchangePlan> {
    const plan = exchangePlanOf(r);
    if (plan.hold?.state !== 'held') return plan;
    const idempotencyKey = `exchange-void-${r.id}`;
    await this.backoffice.payments.void(plan.hold.authorizationId, { idempotencyKey }, ctx);
    return this.closeHold(r, 'voided', { idempotencyKey });
  }

  /**
   * The window passed without the goods: captures `amount` of the hold once (key
   * `exchange-capture-<returnId>`), recorded as the `unreturned` charge. A hold the provider no
   * longer has (it expired: Stripe keeps uncaptured card holds 7 days) is answered 400; then the
   * customer is charged off-session instead, as before holds existed.
   */
  async capture(r: ReturnRecord, amount: number, ctx: CallContext): Promise<ExchangePlan> {
    const plan = exchangePlanOf(r);
    if (plan.hold?.state === 'captured') return plan;
    // No hold (authorized before ADR 0043), or one found expired on an earlier attempt.
    if (plan.hold?.state !== 'held') return this.charge(r, 'unreturned', amount, ctx);
    if (amount <= 0) return this.release(r, ctx);
    const idempotencyKey = `exchange-capture-${r.id}`;
    const { authorizationId } = plan.hold;
    try {
      await this.backoffice.payments.capture(authorizationId, { idempotencyKey, amount }, ctx);
    } catch (err) {
      if (!(err instanceof BackofficeRejectedError && err.status === 400)) throw err;
      await this.closeHold(r, 'voided', { idempotencyKey, expired: err.message });
      return this.charge(r, 'unreturned', amount, ctx);
    }
    const payment: ExchangePayment = {
      kind: 'charge',
      purpose: 'unreturned',
      idempotencyKey,
      amount,
      reference: authorizationId,
      at: new Date().toISOString(),
    };
    return this.closeHold(r, 'captured', payment, payment);
  }

  private closeHold(
    r: ReturnRecord,
    state: 'voided' | 'captured',
    detail: object,
    payment?: ExchangePayment,
  ): Promise<ExchangePlan> {
    return this.save(r, `exchange authorization ${state}`, detail, (stored) =>
      stored.hold?.state !== 'held'
        ? undefined
        : {
            ...stored,
            hold: { ...stored.hold, state, closedAt: new Date().toISOString() },
            payments: payment ? [...stored.payments, payment] : stored.payments,
          },
    );
  }

  /**
   * Writes what the provider answered under the return's lock, once: `change` answers undefined
   * when it is already recorded (a retry). The caller's record sees the stored plan.
   */
  private async save(
    r: ReturnRecord,
    event: string,
    detail: object,
    change: (stored: ExchangePlan) => ExchangePlan | undefined,
  ): Promise<ExchangePlan> {
    const next = await this.db.transaction(async (m) => {
      const stored = exchangePlanOf((await this.returns.find(r.id, m, true))!);
      const changed = change(stored);
      if (!changed) return stored;
      await this.returns.update(m, r.id, { exchange: JSON.stringify(changed) });
      await this.returns.addTimeline(m, r.id, r.status, event, detail);
      return changed;
    });
    if (r.exchange) r.exchange = next;
    return next;
  }
}

/**
 * Places the replacement order. An advance exchange first holds the replacement's value on the
 * customer's card (ADR 0043; the difference is settled after inspection by the refund step, or
 * the hold captured when the window lapses); a standard exchange runs after the refund step
 * settled the difference.
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
    // Advance: the replacement's value is held on the card while the goods are out (ADR 0043).
    if (plan.advance) plan = await this.charges.hold(r, plan.replacementTotal, ctx);
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
