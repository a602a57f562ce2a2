import { Injectable } from '@nestjs/common';
import { OutboxService } from '@retail/platform-messaging';
import type { CallContext } from '@retail/backoffice-adapters';
import { closedEvent } from '../../domain/return-events';
import type { ReturnRecord } from '../../domain/return-record';
import { ReturnsRepository } from '../../persistence/returns.repository';
import { StepCommit, WorkflowStep } from '../workflow-step';

/**
 * Closes the return and publishes `return.closed`, which is also the customer notification
 * trigger (ids only; the notifier resolves contact details, so erasure needs no replay).
 */
@Injectable()
export class CloseStep implements WorkflowStep {
  readonly name = 'close' as const;

  constructor(
    private readonly returns: ReturnsRepository,
    private readonly outbox: OutboxService,
  ) {}

  async run(r: ReturnRecord, _ctx: CallContext): Promise<StepCommit> {
    return async (m) => {
      await this.returns.transition(m, r.id, ['refunded', 'dispositioned'], 'closed');
      const current = (await this.returns.find(r.id, m))!;
      await this.outbox.enqueue(m, closedEvent(current, new Date()));
      await this.returns.addTimeline(m, r.id, 'closed', 'closed; customer notification requested');
      return { closed: true };
    };
  }
}
