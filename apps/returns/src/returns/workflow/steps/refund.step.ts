import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  BackofficeAdapters,
  CallContext,
  TaxReversalQuote,
} from '@retail/backoffice-adapters';
import type { Refund } from '@retail/contracts';
import { OutboxService } from '@retail/platform-messaging';
import { balanceDue, ExchangePayment, settlement } from '../../domain/exchange';
import { prorate } from '../../domain/money';
import { compareTax, computeRefund, describeMismatches } from '../../domain/refund-calculator';
import { refundedEvent } from '../../domain/return-events';
import { ReturnException } from '../../domain/return.exception';
import type { ReturnRecord } from '../../domain/return-record';
import { LedgerRepository } from '../../persistence/ledger.repository';
import { ReturnsRepository } from '../../persistence/returns.repository';
import { StepsRepository } from '../../persistence/steps.repository';
import { BACKOFFICE, StepCommit, StepNotReadyError, WorkflowStep } from '../workflow-step';
import { ExchangeCharges } from './exchange.step';

/**
 * The refund, in atomic phases: (1) the final amounts (inspected conditions, itemised tax
 * reversal from the tax engine checked against the prorated tax, shipping for defective units)
 * are computed once and stored; (2) the payment provider is called with key `refund-<returnId>`
 * and the stored amounts, so a retry after a crash replays the same refund; (3) the outcome is
 * committed with `return.refunded`. An exchange settles the price difference instead (ADR 0036):
 * the stored credit against the replacement and whatever was charged before (an advance
 * exchange's charge, for one authorized before ADR 0043): the customer is charged the rest (key
 * `exchange-settle-<returnId>`) or refunded it (key `refund-<returnId>`), exactly once. An advance
 * exchange's hold (ADR 0043) is voided first (key `exchange-void-<returnId>`).
 */
@Injectable()
export class RefundStep implements WorkflowStep {
  readonly name = 'refund' as const;

  constructor(
    private readonly db: DataSource,
    @Inject(BACKOFFICE) private readonly backoffice: BackofficeAdapters,
    private readonly returns: ReturnsRepository,
    private readonly ledger: LedgerRepository,
    private readonly outbox: OutboxService,
    private readonly steps: StepsRepository,
    private readonly charges: ExchangeCharges,
  ) {}

  async run(r: ReturnRecord, ctx: CallContext): Promise<StepCommit> {
    if (r.resolution === 'exchange' && r.exchange?.advance) {
      // The advance charge must be recorded before the difference is settled against it.
      if ((await this.steps.state(this.db.manager, r.id, 'exchange')) !== 'done')
        throw new StepNotReadyError('the advance replacement order is not placed yet');
    }
    r.refund ??= await this.settleAmounts(r, ctx);
    if (r.resolution === 'exchange') return this.settleExchange(r, r.refund, ctx);
    const payment = await this.pay(r, r.refund, ctx);
    return async (m) => {
      await this.returns.transition(m, r.id, ['dispositioned'], 'refunded', {
        refund_reference: payment?.refundId ?? null,
      });
      await this.outbox.enqueue(m, refundedEvent(r, payment?.refundId, new Date()));
      await this.returns.addTimeline(m, r.id, 'refunded', 'refund', {
        total: r.refund!.total,
        method: r.resolution,
        payment,
      });
      return { total: r.refund!.total, payment };
    };
  }

  /** The exchange's difference: a charge or a refund, then the step's commit records it. */
  private async settleExchange(r: ReturnRecord, refund: Refund, ctx: CallContext) {
    // The goods are back: an advance exchange's hold is voided before the difference moves.
    const plan = await this.charges.release(r, ctx);
    const due = balanceDue(plan.replacementTotal, refund.total, plan.payments);
    // A return authorized before exchanges were priced (no `exchange`) moves no money, as then.
    const move = r.exchange ? settlement(due) : undefined;
    let refunded: ExchangePayment | undefined;
    let after = plan;
    if (move?.kind === 'charge') after = await this.charges.charge(r, 'settle', move.amount, ctx);
    if (move?.kind === 'refund') {
      const result = await this.pay(r, { ...refund, total: move.amount }, ctx, true);
      refunded = {
        kind: 'refund',
        purpose: 'settle',
        idempotencyKey: `refund-${r.id}`,
        amount: move.amount,
        reference: result!.refundId,
        at: new Date().toISOString(),
      };
    }
    const outcome = {
      total: refund.total,
      method: r.resolution,
      credit: refund.total,
      replacementTotal: plan.replacementTotal,
      difference: plan.replacementTotal - refund.total,
      ...(move ? { settled: move } : {}),
      ...(refunded ? { payment: refunded } : {}),
    };
    return async (m: Parameters<StepCommit>[0]) => {
      if (refunded) {
        const payments = [...after.payments, refunded];
        await this.returns.update(m, r.id, {
          exchange: JSON.stringify({ ...after, payments }),
          refund_reference: refunded.reference,
        });
      }
      await this.returns.addTimeline(m, r.id, r.status, 'refund', outcome);
      return outcome;
    };
  }

  private async settleAmounts(r: ReturnRecord, ctx: CallContext): Promise<Refund> {
    const quote = await this.backoffice.tax.quoteReversal(
      {
        currency: r.currency,
        locationId: r.locationId,
        reference: r.id,
        lines: r.lines.map((l) => ({
          lineId: l.lineId,
          sku: l.sku,
          quantity: l.quantity,
          originalQuantity: l.poolQuantity,
          originalTax: l.poolTax,
        })),
      },
      ctx,
    );
    const mismatches = compareTax(r.lines, quote.lines);
    if (mismatches.length && r.taxBasis === 'prorated')
      throw ReturnException.refundException(`tax mismatch: ${describeMismatches(mismatches)}`);
    return this.db.transaction(async (m) => {
      const stored = await this.returns.find(r.id, m, true);
      if (stored?.refund) return stored.refund;
      const refund = await this.compute(m, r, quote);
      await this.returns.update(m, r.id, { refund: JSON.stringify(refund) });
      return refund;
    });
  }

  private async compute(m: Parameters<StepCommit>[0], r: ReturnRecord, quote: TaxReversalQuote) {
    const defective = r.lines.filter((l) => l.condition === 'defective');
    const units = defective.reduce((s, l) => s + l.quantity, 0);
    let shipping = await this.ledger.allocateShipping(
      m,
      r.orderId,
      r.orderData.shippingTotal,
      r.orderData.shippedUnits,
      units,
    );
    let left = units;
    const taxOf = new Map(quote.lines.map((q) => [q.lineId, q.taxAmount]));
    const inputs = r.lines.map((l) => {
      const share = l.condition === 'defective' ? prorate(shipping, left, l.quantity) : 0;
      if (l.condition === 'defective') [shipping, left] = [shipping - share, left - l.quantity];
      const taxShare = r.taxBasis === 'quote' ? (taxOf.get(l.lineId) ?? l.taxShare) : l.taxShare;
      return { ...l, taxShare, shipping: share };
    });
    const reversal = inputs.map((l) => ({
      lineId: l.lineId,
      jurisdiction: r.locationId,
      amount: l.taxShare,
    }));
    return computeRefund(r.currency, inputs, reversal);
  }

  private async pay(r: ReturnRecord, refund: Refund, ctx: CallContext, difference = false) {
    if ((r.resolution !== 'refund' && !difference) || refund.total <= 0) return undefined;
    const result = await this.backoffice.payments.refund(
      {
        idempotencyKey: `refund-${r.id}`,
        paymentReference: r.orderData.payment.reference,
        amount: refund.total,
        currency: refund.currency,
        reason: difference ? 'exchange_difference' : 'return',
        metadata: { returnId: r.id, orderId: r.orderId },
      },
      ctx,
    );
    if (result.status === 'failed')
      throw ReturnException.refundException(
        `payment provider refused the refund: ${result.failureReason ?? 'no reason given'}`,
      );
    return result;
  }
}
