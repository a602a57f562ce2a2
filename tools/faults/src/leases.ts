import { Ctx, query } from './context';
import { PeriodicSampler } from './sampler';

/**
 * How long an expired job lease waits before another worker takes it over. A running job's
 * `run_at` is its lease expiry (the platform's job queue, `libs/platform/jobs`): the holder renews
 * it every third of the lease; when the holder dies (a replica SIGKILLed) the lease runs out and
 * any other replica's worker claims the job at its next poll. Sampled every `everyMs` over every
 * schema with a `jobs` table: the largest "overdue" (now - run_at of a job still `running` under
 * an expired lease) is the takeover delay after expiry. Takeover after a death is therefore at
 * most the queue's lease length (60 s for order-ingestion's pipeline and returns' steps, the ERP
 * worker's lease = governor wait + ERP timeout + 10 s, channel-sync's 120 s) plus this delay.
 */
export const TAKEOVER_BOUND_MS = 30_000;

/**
 * A job whose lease expired is due again, like a pending job: the queue claims due jobs (pending,
 * or running under an expired lease) in `(priority, run_at)` order, the platform's CLAIM. While a
 * due job comes before it in that order (a higher priority, whenever it fell due, or the same
 * priority and due earlier), no worker would claim it first, so its wait is the queue's backlog
 * (a saturated queue), not a failed takeover: such samples are counted apart. A lease expired
 * beyond the bound while it is at the head of its queue is not taken over: a violation.
 */
export interface LeaseReport {
  samples: number;
  /** Samples not taken (PostgreSQL down): not counted as clean. */
  skipped: number;
  /** Schemas with a job queue that were watched. */
  schemas: string[];
  /** Largest delay seen between a lease's expiry and its takeover, at the head of its queue. */
  maxOverdueMs: number;
  /** Largest delay of an expired lease waiting behind older due jobs (the queue's backlog). */
  maxBehindBacklogMs: number;
  boundMs: number;
  /**
   * Leases still expired and not taken over after the bound: `schema queue key overdue`, then what
   * its queue held at that sample (live leases per holder, other due jobs), to tell a queue whose
   * lanes were all busy from one nobody worked.
   */
  overdue: string[];
}

interface Row {
  queue: string;
  key: string;
  overdue_ms: number;
  /** Older or higher-priority due jobs are pending in its queue: it waits its turn. */
  behind?: boolean;
  /** Its queue at this sample: live leases per holder, and due jobs (pending or expired). */
  queue_state?: string;
}

export class LeaseWatch extends PeriodicSampler<LeaseReport> {
  readonly result: LeaseReport = {
    samples: 0,
    skipped: 0,
    schemas: [],
    maxOverdueMs: 0,
    maxBehindBacklogMs: 0,
    boundMs: TAKEOVER_BOUND_MS,
    overdue: [],
  };

  constructor(
    private readonly ctx: Ctx,
    everyMs = 500,
  ) {
    super(everyMs);
  }

  async start(): Promise<void> {
    const res = await query<{ schema: string }>(
      this.ctx,
      `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'jobs'
        ORDER BY 1`,
    );
    this.result.schemas = res.rows.map((r) => r.schema);
    this.startTimer();
  }

  protected async sample(): Promise<void> {
    for (const schema of this.result.schemas) {
      const res = await query<Row>(
        this.ctx,
        `SELECT r.queue, r.key, (extract(epoch FROM now() - r.run_at) * 1000)::int AS overdue_ms,
                EXISTS (SELECT 1 FROM "${schema}".jobs p
                         WHERE p.queue = r.queue AND p.key <> r.key AND p.state <> 'dead'
                           AND p.run_at <= now()
                           AND (p.priority, p.run_at) <= (r.priority, r.run_at)) AS behind,
                (SELECT concat_ws(', ',
                   'live leases ' || COALESCE((SELECT string_agg(h.owner || '×' || h.n, ' ')
                      FROM (SELECT lease_owner AS owner, count(*) AS n FROM "${schema}".jobs
                             WHERE queue = r.queue AND state = 'running' AND run_at >= now()
                             GROUP BY lease_owner ORDER BY lease_owner) h), 'none'),
                   'due ' || (SELECT count(*) FROM "${schema}".jobs d WHERE d.queue = r.queue
                                AND d.state <> 'dead' AND d.run_at < now()))) AS queue_state
           FROM "${schema}".jobs r WHERE r.state = 'running' AND r.run_at < now()`,
      );
      if (res.error) {
        this.result.skipped++;
        return;
      }
      for (const r of res.rows) this.observe(schema, r);
    }
    this.result.samples++;
  }

  private observe(schema: string, r: Row): void {
    if (r.behind) {
      this.result.maxBehindBacklogMs = Math.max(this.result.maxBehindBacklogMs, r.overdue_ms);
      return;
    }
    this.result.maxOverdueMs = Math.max(this.result.maxOverdueMs, r.overdue_ms);
    if (r.overdue_ms <= TAKEOVER_BOUND_MS) return;
    const id = `${schema} ${r.queue} ${r.key}`;
    if (this.result.overdue.some((o) => o.startsWith(`${id} `))) return;
    if (this.result.overdue.length < 50)
      this.result.overdue.push(
        `${id} ${r.overdue_ms} ms${r.queue_state ? ` (${r.queue_state})` : ''}`,
      );
  }
}

export function leaseViolations(r: LeaseReport | undefined): string[] {
  if (!r || !r.overdue.length) return [];
  return [
    `leases: ${r.overdue.length} job(s) still running under a lease expired more than ${r.boundMs / 1000} s ago (not taken over)`,
  ];
}
