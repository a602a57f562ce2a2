import { Injectable } from '@nestjs/common';
import { JobStore } from '@retail/platform-jobs';
import { RequestContext } from '@retail/platform-observability';
import { DataSource, EntityManager } from 'typeorm';
import type { RefundDrift, ReturnCredit } from '../domain/refund-drift';

/** The queue whose jobs are refund reconciliation runs (key = run id). */
export const REFUND_RECONCILIATION_QUEUE = 'refund-reconciliation';

export type RunState = 'queued' | 'running' | 'completed' | 'failed';
export type RunPhase = 'waiting' | 'provider' | 'erp';

export interface RunRequest {
  id: string;
  trigger: 'api' | 'schedule';
  from: Date;
  to: Date;
  dryRun: boolean;
}

export interface RunView {
  runId: string;
  trigger: string;
  from: string;
  to: string;
  dryRun: boolean;
  state: RunState;
  phase?: RunPhase;
  progress: {
    /** Refunds the provider listed in the window so far. */
    providerRefunds: number;
    /** Refunded returns whose ERP credit memo is checked, and how many are done. */
    toCheck: number;
    checked: number;
  };
  reposted: number;
  drifting: number;
  items: RefundDrift[];
  error?: string;
  requestedAt: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface RunProgress {
  phase?: RunPhase;
  providerRefunds?: number;
  toCheck?: number;
  checked?: number;
  /** Why the run is being retried (kept until it completes). */
  error?: string;
}

const COLUMNS = `id, trigger, window_from, window_to, dry_run, state, phase, provider_refunds,
  to_check, checked, reposted, drifting, items, error, requested_at, started_at, finished_at`;

/** Writes `refund_reconciliation_runs` (the one writer); reads the returns it checks. */
@Injectable()
export class ReconciliationRunsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Records the run and enqueues its job in one transaction; false (nothing enqueued) when a
   * run with that id exists: a schedule slot every replica ticks runs once.
   */
  async request(run: RunRequest): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const rows: unknown[] = await m.query(
        `INSERT INTO refund_reconciliation_runs
           (id, trigger, window_from, window_to, dry_run, correlation_id)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING 1`,
        [run.id, run.trigger, run.from, run.to, run.dryRun, RequestContext.correlationId() ?? null],
      );
      if (rows.length === 0) return false;
      await JobStore.enqueue(m, REFUND_RECONCILIATION_QUEUE, [{ key: run.id }]);
      return true;
    });
  }

  async find(id: string): Promise<(RunView & { correlationId?: string }) | undefined> {
    const [row] = await this.db.query(
      `SELECT ${COLUMNS}, correlation_id FROM refund_reconciliation_runs WHERE id = $1`,
      [id],
    );
    return (
      row && {
        ...toView(row),
        ...(row.correlation_id ? { correlationId: row.correlation_id } : {}),
      }
    );
  }

  async latest(limit: number): Promise<RunView[]> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM refund_reconciliation_runs ORDER BY requested_at DESC, id LIMIT $1`,
      [limit],
    );
    return rows.map(toView);
  }

  /** A (re)started run begins again from nothing: its checks are idempotent. */
  async start(id: string): Promise<void> {
    await this.db.query(
      `UPDATE refund_reconciliation_runs SET state = 'running', phase = 'waiting',
          started_at = now(), finished_at = NULL, error = NULL, provider_refunds = 0,
          to_check = 0, checked = 0, reposted = 0, drifting = 0, items = '[]'::jsonb,
          updated_at = now()
        WHERE id = $1`,
      [id],
    );
  }

  async progress(id: string, p: RunProgress): Promise<void> {
    await this.db.query(
      `UPDATE refund_reconciliation_runs SET phase = COALESCE($2, phase),
          provider_refunds = COALESCE($3, provider_refunds), to_check = COALESCE($4, to_check),
          checked = COALESCE($5, checked), error = COALESCE($6, error), updated_at = now()
        WHERE id = $1`,
      [
        id,
        p.phase ?? null,
        p.providerRefunds ?? null,
        p.toCheck ?? null,
        p.checked ?? null,
        p.error?.slice(0, 1000) ?? null,
      ],
    );
  }

  async finish(id: string, items: RefundDrift[], reposted: number): Promise<void> {
    await this.db.query(
      `UPDATE refund_reconciliation_runs SET state = 'completed', phase = NULL, error = NULL,
          items = $2::jsonb, drifting = $3, reposted = $4, finished_at = now(), updated_at = now()
        WHERE id = $1`,
      [id, JSON.stringify(items), items.length, reposted],
    );
  }

  async fail(id: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE refund_reconciliation_runs SET state = 'failed', error = $2, finished_at = now(),
          updated_at = now() WHERE id = $1`,
      [id, error.slice(0, 1000)],
    );
  }

  /** Findings of the latest completed run, per kind (what the drift gauge shows). */
  async latestFindings(): Promise<{ kind: string; n: number }[]> {
    return this.db.query(
      `SELECT i->>'kind' AS kind, count(*)::int AS n
         FROM (SELECT items FROM refund_reconciliation_runs WHERE state = 'completed'
                ORDER BY finished_at DESC LIMIT 1) r, jsonb_array_elements(r.items) i
        GROUP BY 1`,
    );
  }

  /** When the latest run completed (epoch seconds), undefined before the first. */
  async lastCompletedAt(): Promise<number | undefined> {
    const [row] = await this.db.query(
      `SELECT extract(epoch FROM max(finished_at))::float8 AS at
         FROM refund_reconciliation_runs WHERE state = 'completed'`,
    );
    return row?.at ?? undefined;
  }

  /**
   * Of these returns, those whose erp_credit step is done (the workflow posted their memo), with
   * the credit the memo must carry: the ERP check never races the workflow's own posting.
   */
  async postedCredits(
    refunds: { returnId: string; refundId: string }[],
    m: EntityManager = this.db.manager,
  ): Promise<ReturnCredit[]> {
    if (refunds.length === 0) return [];
    const rows: Array<Record<string, any>> = await m.query(
      `SELECT r.id, r.status, r.currency, (r.refund->>'total')::bigint AS total,
              r.refund->>'currency' AS refund_currency, x.refund_id
         FROM unnest($1::text[], $2::text[]) AS x(return_id, refund_id)
         JOIN returns r ON r.id = x.return_id
         JOIN return_steps s ON s.return_id = r.id AND s.step = 'erp_credit' AND s.state = 'done'
        WHERE r.refund IS NOT NULL
        ORDER BY r.id`,
      [refunds.map((r) => r.returnId), refunds.map((r) => r.refundId)],
    );
    return rows.map((r) => ({
      returnId: r.id,
      refundId: r.refund_id,
      amount: Number(r.total),
      currency: r.refund_currency ?? r.currency,
      status: r.status,
    }));
  }
}

function toView(row: Record<string, any>): RunView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : undefined);
  return {
    runId: row.id,
    trigger: row.trigger,
    from: iso(row.window_from)!,
    to: iso(row.window_to)!,
    dryRun: row.dry_run,
    state: row.state,
    ...(row.phase ? { phase: row.phase } : {}),
    progress: {
      providerRefunds: row.provider_refunds,
      toCheck: row.to_check,
      checked: row.checked,
    },
    reposted: row.reposted,
    drifting: row.drifting,
    items: row.items,
    ...(row.error ? { error: row.error } : {}),
    requestedAt: iso(row.requested_at)!,
    ...(row.started_at ? { startedAt: iso(row.started_at) } : {}),
    ...(row.finished_at ? { finishedAt: iso(row.finished_at) } : {}),
  };
}
