import { Inject, Injectable } from '@nestjs/common';
import {
  BackofficeError,
  type BackofficeAdapters,
  type CallContext,
} from '@retail/backoffice-adapters';
import { ProblemException } from '@retail/platform-http';
import { compareRefund, type RecordedRefund, type RefundDrift } from '../domain/refund-drift';
import { ReturnsRepository } from '../persistence/returns.repository';
import { BACKOFFICE } from '../workflow/workflow-step';

/** The longest window one request may compare (the provider lists it page by page). */
export const MAX_WINDOW_DAYS = 31;

export interface RefundReconciliation {
  from: string;
  to: string;
  checkedAt: string;
  /** Refunds the provider created in the window. */
  providerRefunds: number;
  /** Refunds our returns recorded in the window. */
  recordedRefunds: number;
  drifting: number;
  items: RefundDrift[];
}

/**
 * Refunds vs payments: every refund the provider made in the window against the refund each
 * return recorded, both ways. A refund found on one side only is looked up on the other by its
 * id before it counts as drift, so a refund recorded just across the window's edge is no drift.
 */
@Injectable()
export class ReconcileRefundsHandler {
  constructor(
    @Inject(BACKOFFICE) private readonly backoffice: BackofficeAdapters,
    private readonly returns: ReturnsRepository,
  ) {}

  async execute(from: Date, to: Date, correlationId: string): Promise<RefundReconciliation> {
    assertWindow(from, to);
    const { report } = await this.provider(() => this.compare(from, to, { correlationId }));
    return report;
  }

  /**
   * The comparison itself, with the provider's errors as they are (a run retries them):
   * the report and the refunds our returns recorded (what the ERP check goes on with).
   */
  async compare(
    from: Date,
    to: Date,
    ctx: CallContext,
    onPage?: (readSoFar: number) => void,
  ): Promise<{ report: RefundReconciliation; recorded: RecordedRefund[] }> {
    const theirs = await this.backoffice.payments.listRefunds({ from, to }, ctx, onPage);
    const recorded = await this.returns.recordedRefunds(
      { from, to },
      theirs.map((t) => t.refundId),
    );
    const ours = new Map(recorded.map((r) => [r.refundId!, r]));
    const provider = new Map(theirs.map((t) => [t.refundId, t]));
    for (const id of ours.keys()) {
      if (provider.has(id)) continue;
      const found = await this.backoffice.payments.findRefund(id, ctx);
      if (found) provider.set(id, found);
    }
    const items = [...new Set([...ours.keys(), ...provider.keys()])]
      .sort()
      .map((id) => compareRefund(id, ours.get(id), provider.get(id)))
      .filter((d): d is RefundDrift => d !== undefined);
    const report = {
      from: from.toISOString(),
      to: to.toISOString(),
      checkedAt: new Date().toISOString(),
      providerRefunds: theirs.length,
      recordedRefunds: recorded.filter((r) => inWindow(r, from, to)).length,
      drifting: items.length,
      items,
    };
    return { report, recorded };
  }

  /** The provider busy, throttling or down is a dependency failure: 503, retry later. */
  private async provider<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof BackofficeError && error.retryable)
        throw new ProblemException(503, 'payments-unavailable', `payments: ${error.message}`);
      throw error;
    }
  }
}

/** [from, to) of at most MAX_WINDOW_DAYS, else 422. */
export function assertWindow(from: Date, to: Date): void {
  if (!(from < to)) throw new ProblemException(422, 'invalid-window', '`from` must be before `to`');
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * 86_400_000)
    throw new ProblemException(
      422,
      'invalid-window',
      `a window is at most ${MAX_WINDOW_DAYS} days`,
    );
}

const inWindow = (r: RecordedRefund, from: Date, to: Date) =>
  r.refundedAt !== undefined &&
  r.refundedAt >= from.toISOString() &&
  r.refundedAt < to.toISOString();
