import { Injectable } from '@nestjs/common';
import { ERP_PRIORITY } from '../../erp/erp-job';
import type { OrderState } from '../../domain/order-state';
import type { StepHandler, StepResult } from '../step-handler';

/**
 * Hands the order to the persisted ERP queue (one `create` job per order, unique) and parks it
 * in `awaiting_erp`; the ERP dispatcher confirms it when the sales order exists.
 */
@Injectable()
export class ErpStep implements StepHandler {
  readonly step = 'erp' as const;

  async run(order: OrderState): Promise<StepResult> {
    return {
      next: 'erp_wait',
      status: 'awaiting_erp',
      wakeInMs: null,
      persist: async (m) => {
        await m.query(
          `INSERT INTO erp_jobs (order_id, operation, priority) VALUES ($1, 'create', $2)
           ON CONFLICT ON CONSTRAINT erp_jobs_order_operation_uq DO NOTHING`,
          [order.id, ERP_PRIORITY.create],
        );
        await m.query(`UPDATE orders SET erp_state = 'queued' WHERE id = $1`, [order.id]);
      },
    };
  }
}
