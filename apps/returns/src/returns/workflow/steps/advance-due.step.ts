import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CallContext } from '@retail/backoffice-adapters';
import { OutboxService } from '@retail/platform-messaging';
import { balanceDue, settlement } from '../../domain/exchange';
import { rejectedEvent } from '../../domain/return-events';
import type { ReturnRecord } from '../../domain/return-record';
import { LedgerRepository } from '../../persistence/ledger.repository';
import { ReturnsRepository } from '../../persistence/returns.repository';
import { StepsRepository } from '../../persistence/steps.repository';
import { StepCommit, StepNotReadyError, WorkflowStep } from '../workflow-step';
import { ExchangeCharges, exchangePlanOf } from './exchange.step';

/**
 * An advance exchange's window ends (the job was enqueued for `dueBy`). Rule (ADR 0036): goods
 * received by then, the authorization held for the replacement is voided (ADR 0043). Otherwise
 * the return is first marked lapsed (receiving is refused from then on), the hold is captured for
 * the replacement minus what was already charged (key `exchange-capture-<returnId>`; without a
 * hold, or one the provider let expire, an off-session charge, key
 * `exchange-unreturned-<returnId>`), and the return is rejected: its units go back to the
 * order line, since the customer kept them and paid for the replacement. A declined charge puts
 * the return in `exception` for an operator (the flag). A return that is not `authorized` at the
 * due time (in exception, say) is left to the operator.
 */
@Injectable()
export class AdvanceDueStep implements WorkflowStep {
  readonly name = 'advance_due' as const;

  constructor(
    private readonly db: DataSource,
    private readonly returns: ReturnsRepository,
    private readonly steps: StepsRepository,
    private readonly ledger: LedgerRepository,
    private readonly outbox: OutboxService,
    private readonly charges: ExchangeCharges,
  ) {}

  async run(r: ReturnRecord, ctx: CallContext): Promise<StepCommit> {
    if (r.status !== 'authorized' || !r.exchange?.advance) {
      // The goods came back: the hold goes (the refund step voids it too, with the same key).
      if (r.receivedAt && r.status !== 'exception') await this.charges.release(r, ctx);
      return this.note(r, { lapsed: false, status: r.status });
    }
    if ((await this.steps.state(this.db.manager, r.id, 'exchange')) !== 'done')
      throw new StepNotReadyError('the advance replacement order is not placed yet');
    if (!(await this.markLapsed(r))) return this.note(r, { lapsed: false, status: 'received' });
    const plan = exchangePlanOf(r);
    const due = settlement(balanceDue(plan.replacementTotal, 0, plan.payments));
    const charged = await this.charges.capture(r, due?.kind === 'charge' ? due.amount : 0, ctx);
    const reason = `advance exchange: goods not received by ${plan.dueBy}; replacement charged`;
    return async (m) => {
      await this.ledger.release(m, r.orderId, r.id);
      await this.returns.transition(m, r.id, ['authorized'], 'rejected', { status_reason: reason });
      await this.steps.setStates(m, r.id, ['waiting', 'pending', 'failed'], 'skipped');
      const detail = { lapsed: true, charged: due?.amount ?? 0, payments: charged.payments };
      await this.returns.addTimeline(m, r.id, 'rejected', 'advance exchange lapsed', detail);
      await this.outbox.enqueue(m, rejectedEvent(r, reason, new Date()));
      return detail;
    };
  }

  /** Lapsed once, under the return's lock: false when the goods arrived first. */
  private markLapsed(r: ReturnRecord): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const current = (await this.returns.find(r.id, m, true))!;
      if (current.status !== 'authorized') return false;
      if (current.exchange && !current.exchange.lapsedAt) {
        current.exchange.lapsedAt = new Date().toISOString();
        await this.returns.update(m, r.id, { exchange: JSON.stringify(current.exchange) });
      }
      r.exchange = current.exchange;
      return true;
    });
  }

  private async note(r: ReturnRecord, detail: Record<string, unknown>): Promise<StepCommit> {
    return async (m) => {
      await this.returns.addTimeline(m, r.id, r.status, 'advance exchange window ended', detail);
      return detail;
    };
  }
}
