import type { OrderStatus } from '@retail/contracts';
import type { EntityManager } from 'typeorm';
import type { OrderState } from '../domain/order-state';
import type { ActiveStep, PipelineStep } from '../domain/pipeline-step';

/** What a step decided; the worker commits it atomically with the step's own writes. */
export interface StepResult {
  next: PipelineStep;
  /** New status; undefined keeps the current one. */
  status?: OrderStatus;
  reason?: string;
  transformations?: unknown[];
  /**
   * When the worker should look at the order again: undefined = at once (next step), a number =
   * in that many ms, null = parked until something outside wakes it.
   */
  wakeInMs?: number | null;
  /** The step's writes, inside the transition's transaction. */
  persist?: (manager: EntityManager) => Promise<void>;
}

/** One step of the order pipeline. May call other systems; must be safe to run again. */
export interface StepHandler {
  readonly step: ActiveStep;
  run(order: OrderState): Promise<StepResult>;
}

/** DI token collecting every StepHandler. */
export const STEP_HANDLERS = Symbol('STEP_HANDLERS');
