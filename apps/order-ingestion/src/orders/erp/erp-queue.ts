import { Injectable } from '@nestjs/common';
import { JobStore, type Queryable } from '@retail/platform-jobs';
import { ERP_PRIORITY, ERP_QUEUE, erpJobKey, ErpOperation } from './erp-job';

/** The order side's handle on the ERP queue (jobs of queue `erp`, keyed by order + operation). */
@Injectable()
export class ErpQueue {
  /** Queues an operation in the caller's transaction (keyed: queuing twice is one job). */
  async enqueue(q: Queryable, orderId: string, operation: ErpOperation): Promise<void> {
    await JobStore.enqueue(q, ERP_QUEUE, [
      {
        key: erpJobKey(orderId, operation),
        payload: { orderId, operation },
        priority: ERP_PRIORITY[operation],
      },
    ]);
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
