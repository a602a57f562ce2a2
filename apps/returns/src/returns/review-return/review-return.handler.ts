import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import type { ReturnsConfig } from '../../config/env';
import { DataSource } from 'typeorm';
import { OutboxService } from '@retail/platform-messaging';
import { authorizedEvent, rejectedEvent } from '../domain/return-events';
import { ReturnException } from '../domain/return.exception';
import { LedgerRepository } from '../persistence/ledger.repository';
import { ReturnsRepository } from '../persistence/returns.repository';
import { StepsRepository } from '../persistence/steps.repository';
import { nextSteps } from '../workflow/step-names';

/** Approval decisions and operator actions (admin only). */
@Injectable()
export class ReviewReturnHandler {
  constructor(
    private readonly db: DataSource,
    private readonly returns: ReturnsRepository,
    private readonly ledger: LedgerRepository,
    private readonly steps: StepsRepository,
    private readonly outbox: OutboxService,
    @Inject(SERVICE_CONFIG) private readonly config: ReturnsConfig,
  ) {}

  async approve(id: string, by: string) {
    return this.db.transaction(async (m) => {
      const r = await this.returns.find(id, m, true);
      if (!r) throw ReturnException.notFound(id);
      if (r.status !== 'pending_approval')
        throw ReturnException.wrongState(id, r.status, 'approve');
      await this.returns.transition(m, id, ['pending_approval'], 'authorized');
      await this.steps.complete(m, id, 'authorize', { approved: true });
      await this.steps.activate(m, id, nextSteps(r, 'authorize'));
      if (r.exchange?.advance) {
        // The advance window runs from the authorization.
        const window = this.config.env.RETURNS_ADVANCE_EXCHANGE_WINDOW_SECONDS * 1000;
        r.exchange.dueBy = new Date(Date.now() + window).toISOString();
        await this.returns.update(m, id, { exchange: JSON.stringify(r.exchange) });
        await this.steps.scheduleAdvanceDue(m, r);
      }
      await this.returns.addTimeline(m, id, 'authorized', 'approved', { by });
      await this.outbox.enqueue(m, authorizedEvent(r, new Date()));
      return { returnId: id, status: 'authorized' };
    });
  }

  /**
   * Rejection compensates the authorization: the units, discount/tax shares and serials go
   * back to the order lines, so a later return may take them.
   */
  async reject(id: string, reason: string, by: string) {
    return this.db.transaction(async (m) => {
      const r = await this.returns.find(id, m, true);
      if (!r) throw ReturnException.notFound(id);
      if (!['pending_approval', 'authorized'].includes(r.status))
        throw ReturnException.wrongState(id, r.status, 'reject');
      await this.ledger.release(m, r.orderId, id);
      await this.returns.transition(m, id, [r.status], 'rejected', { status_reason: reason });
      await this.steps.setStates(m, id, ['done'], 'compensated');
      await this.steps.setStates(m, id, ['waiting', 'pending', 'failed'], 'skipped');
      await this.returns.addTimeline(m, id, 'rejected', 'rejected', { reason, by });
      await this.outbox.enqueue(m, rejectedEvent(r, reason, new Date()));
      return { returnId: id, status: 'rejected' };
    });
  }

  /** Operator retry of a return in `exception`; `taxBasis: quote` accepts the tax engine's amounts. */
  async retry(id: string, by: string, taxBasis?: 'prorated' | 'quote') {
    return this.db.transaction(async (m) => {
      const r = await this.returns.find(id, m, true);
      if (!r) throw ReturnException.notFound(id);
      if (r.status !== 'exception') throw ReturnException.wrongState(id, r.status, 'retry');
      const resume = r.resumeStatus ?? 'dispositioned';
      await this.returns.transition(m, id, ['exception'], resume, {
        status_reason: null,
        ...(taxBasis ? { tax_basis: taxBasis } : {}),
      });
      await this.steps.resetFailed(m, id);
      await this.returns.addTimeline(m, id, resume, 'retried by operator', { taxBasis, by });
      return { returnId: id, status: resume };
    });
  }
}
