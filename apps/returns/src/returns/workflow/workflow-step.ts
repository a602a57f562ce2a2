import type { EntityManager } from 'typeorm';
import type { CallContext } from '@retail/backoffice-adapters';
import type { ReturnRecord } from '../domain/return-record';
import type { StepName } from './step-names';

/** Runs inside the transaction that marks the step done; returns the step's stored result. */
export type StepCommit = (m: EntityManager) => Promise<unknown>;

/**
 * One automatic step of the return workflow. `run` does the external work (every call keyed by
 * an idempotency key derived from the return id and the step, so a repeat after a crash creates
 * nothing) and hands back the local state change, committed atomically with the step's `done`.
 */
export interface WorkflowStep {
  readonly name: StepName;
  run(r: ReturnRecord, ctx: CallContext): Promise<StepCommit>;
}

export const WORKFLOW_STEPS = Symbol('WORKFLOW_STEPS');
export const BACKOFFICE = Symbol('BACKOFFICE');

/** A retryable failure the step raises itself (e.g. a prerequisite not done yet). */
export class StepNotReadyError extends Error {
  readonly retryable = true;
  constructor(message: string) {
    super(message);
    this.name = 'StepNotReadyError';
  }
}

/** The fault-injection hook (`RETURNS_FAULT_BEFORE_STEP`), retryable like a crash. */
export class SimulatedCrashError extends Error {
  readonly retryable = true;
  constructor(step: string) {
    super(`simulated crash before step ${step}`);
    this.name = 'SimulatedCrashError';
  }
}
