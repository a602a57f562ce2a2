import { Injectable } from '@nestjs/common';
import { fraudRejected, holdReason } from '../../domain/business-rules';
import type { OrderState } from '../../domain/order-state';
import type { StepHandler, StepResult } from '../step-handler';

/**
 * Payment and fraud holds. A hold parks the order in `on_hold` until an administrator calls
 * `POST /v1/orders/{id}/release-hold`; a fraud `reject` cancels it before anything is reserved.
 */
@Injectable()
export class HoldsStep implements StepHandler {
  readonly step = 'holds' as const;

  async run(order: OrderState): Promise<StepResult> {
    if (fraudRejected(order.order))
      return { next: 'done', status: 'cancelled', reason: 'fraud rejected', wakeInMs: null };
    const reason = holdReason(order.order, order.holdReleased);
    if (reason) return { next: 'holds', status: 'on_hold', reason, wakeInMs: null };
    return { next: 'routing', status: order.status === 'on_hold' ? 'received' : undefined };
  }
}
