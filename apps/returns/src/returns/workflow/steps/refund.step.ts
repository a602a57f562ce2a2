import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  BackofficeAdapters,
  CallContext,
  TaxReversalQuote,
} from '@retail/backoffice-adapters';
import type { Refund } from '@retail/contracts';
import { OutboxService } from '@retail/platform-messaging';
import { prorate } from '../../domain/money';
import { compareTax, computeRefund, describeMismatches } from '../../domain/refund-calculator';
import { refundedEvent } from '../../domain/return-events';
import { ReturnException } from '../../domain/return.exception';
import type { ReturnRecord } from '../../domain/return-record';
import { LedgerRepository } from '../../persistence/ledger.repository';
import { ReturnsRepository } from '../../persistence/returns.repository';
import { BACKOFFICE, StepCommit, WorkflowStep } from '../workflow-step';

/**
 * The refund, in atomic phases: (1) the final amounts (inspected conditions, itemised tax
 * reversal from the tax engine checked against the prorated tax, shipping for defective units)
 * are computed once and stored; (2) the payment provider is called with key `refund-<returnId>`
 * and the stored amounts, so a retry after a crash replays the same refund; (3) the outcome is
 * committed with `return.refunded`. Exchanges stop after (1): the replacement order follows.
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
  ) {}

  async run(r: ReturnRecord, ctx: CallContext): Promise<StepCommit> {
    r.refund ??= await this.settleAmounts(r, ctx);
    const payment = await this.pay(r, r.refund, ctx);
    return async (m) => {
      if (r.resolution !== 'exchange') {
        await this.returns.transition(m, r.id, ['dispositioned'], 'refunded', {
          refund_reference: payment?.refundId ?? null,
        });
        await this.outbox.enqueue(m, refundedEvent(r, payment?.refundId, new Date()));
      }
      await this.returns.addTimeline(
        m,
        r.id,
        r.resolution === 'exchange' ? r.status : 'refunded',
        'refund',
        {
          total: r.refund!.total,
          method: r.resolution,
          payment,
        },
      );
      return { total: r.refund!.total, payment };
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

  private async pay(r: ReturnRecord, refund: Refund, ctx: CallContext) {
    if (r.resolution !== 'refund' || refund.total <= 0) return undefined;
    const result = await this.backoffice.payments.refund(
      {
        idempotencyKey: `refund-${r.id}`,
        paymentReference: r.orderData.payment.reference,
        amount: refund.total,
        currency: refund.currency,
        reason: 'return',
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
