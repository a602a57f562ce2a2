import type { OrderStatus } from '@retail/contracts';
import type { OrderChange } from '../domain/order-change';
import type { OrderState } from '../domain/order-state';
import type { PipelineStep } from '../domain/pipeline-step';

/** Why a run of the pipeline stopped before the order left it. */
export type Stop =
  /** Waits for something outside (a person, a release): no job until then. */
  | { kind: 'park' }
  /** Not a failure: look again after `delayMs` (e.g. an unknown SKU may appear). */
  | { kind: 'recheck'; delayMs: number }
  /** A dependency failed: retry with back-off; the reason is on the order and its timeline. */
  | { kind: 'wait'; reason: string };

/**
 * What one run of the pipeline learnt about one order, step after step, committed at the end
 * as one OrderChange: the local steps and the remote answers of a run cost one commit.
 */
export class OrderPlan {
  readonly change: OrderChange;
  /** The run ends by handing the order to the ERP queue (in the same commit). */
  handoffToErp = false;

  constructor(readonly order: OrderState) {
    this.change = { status: order.status, step: order.step, entries: [] };
  }

  get step(): PipelineStep {
    return this.change.step!;
  }

  get status(): OrderStatus {
    return this.change.status;
  }

  /**
   * Moves to `step`. A new status, a reason or transformations are journaled under `at` (the
   * step that decided). The order's reason is the last decision's (cleared when there is none).
   */
  advance(
    step: PipelineStep,
    at: string,
    to?: OrderStatus,
    note: { reason?: string; transformations?: unknown[] } = {},
  ): undefined {
    const from = this.change.status;
    const target = to ?? from;
    if (target !== from || note.reason || note.transformations?.length)
      this.change.entries.push({ from, to: target, step: at, ...note });
    this.change.status = target;
    this.change.step = step;
    this.change.reason = note.reason ?? null;
    return undefined;
  }

  /** A dependency failed at `at`: stay on the step, say why (once per distinct reason). */
  wait(at: string, reason: string): Stop {
    const text = reason.slice(0, 1000);
    if (this.order.statusReason !== text)
      this.change.entries.push({ from: this.status, to: this.status, step: at, reason: text });
    this.change.reason = text;
    return { kind: 'wait', reason: text };
  }
}
