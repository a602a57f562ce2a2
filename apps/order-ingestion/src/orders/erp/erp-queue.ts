import { Injectable } from '@nestjs/common';
import { JobStore, type JobDraft, type Queryable } from '@retail/platform-jobs';
import { ERP_PRIORITY, ERP_QUEUE, erpJobKey, ErpOperation } from './erp-job';

/** The order side's handle on the ERP queue (jobs of queue `erp`, keyed by order + operation). */
@Injectable()
export class ErpQueue {
  /** Queues an operation in the caller's transaction (keyed: queuing twice is one job). */
  async enqueue(q: Queryable, orderId: string, operation: ErpOperation): Promise<void> {
    await JobStore.enqueue(q, ERP_QUEUE, this.handoff(orderId, operation).drafts);
  }

  /** The job of an operation, for a statement that enqueues it itself (`applyIfUnchanged`). */
  handoff(orderId: string, operation: ErpOperation): { queue: string; drafts: JobDraft[] } {
    const key = erpJobKey(orderId, operation);
    const payload = { orderId, operation };
    return { queue: ERP_QUEUE, drafts: [{ key, payload, priority: ERP_PRIORITY[operation] }] };
  }

  /** Drops a create still waiting (never sent): true when there was one. */
  dropWaitingCreate(q: Queryable, orderId: string): Promise<boolean> {
    return JobStore.cancelPending(q, ERP_QUEUE, erpJobKey(orderId, 'create'));
  }

  /** A create is queued or in flight: a cancel must wait for it. */
  createOpen(q: Queryable, orderId: string): Promise<boolean> {
    return JobStore.exists(q, ERP_QUEUE, erpJobKey(orderId, 'create'));
  }
}
