import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxService } from '@retail/platform-messaging';
import { receivedEvent } from '../domain/return-events';
import { ReturnException } from '../domain/return.exception';
import { ReturnsRepository } from '../persistence/returns.repository';
import { StepsRepository } from '../persistence/steps.repository';
import { nextSteps } from '../workflow/step-names';

/** Goods arrived at the receiving location (store or DC). No stock moves before inspection. */
@Injectable()
export class ReceiveReturnHandler {
  constructor(
    private readonly db: DataSource,
    private readonly returns: ReturnsRepository,
    private readonly steps: StepsRepository,
    private readonly outbox: OutboxService,
  ) {}

  async execute(id: string): Promise<{ returnId: string; status: string }> {
    return this.db.transaction(async (m) => {
      const r = await this.returns.find(id, m, true);
      if (!r) throw ReturnException.notFound(id);
      if (r.status !== 'authorized') throw ReturnException.wrongState(id, r.status, 'receive');
      // An advance exchange past its window is being charged for the replacement instead.
      if (r.exchange?.lapsedAt)
        throw ReturnException.wrongState(id, 'past its advance exchange window', 'receive');
      const at = new Date();
      await this.returns.transition(m, id, ['authorized'], 'received', { received_at: at });
      await this.steps.complete(m, id, 'receive', { locationId: r.locationId, receivedAt: at });
      await this.steps.activate(m, id, nextSteps(r, 'receive'));
      await this.returns.addTimeline(m, id, 'received', 'received', { locationId: r.locationId });
      await this.outbox.enqueue(m, receivedEvent(r, at));
      return { returnId: id, status: 'received' };
    });
  }
}
