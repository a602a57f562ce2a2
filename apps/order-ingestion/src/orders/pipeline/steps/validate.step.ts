import { Injectable } from '@nestjs/common';
import { fulfilmentProblems } from '../../domain/business-rules';
import type { OrderState } from '../../domain/order-state';
import type { StepHandler, StepResult } from '../step-handler';

/** Business validation the contract's shape checks cannot do; failures park in `exception`. */
@Injectable()
export class ValidateStep implements StepHandler {
  readonly step = 'validate' as const;

  async run(order: OrderState): Promise<StepResult> {
    const problems = fulfilmentProblems(order.order);
    if (problems.length === 0) return { next: 'customer' };
    return { next: 'validate', status: 'exception', reason: problems.join('; '), wakeInMs: null };
  }
}
