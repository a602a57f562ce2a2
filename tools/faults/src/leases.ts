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
 * (a saturated queue), not a failed takeover: such samples are counted apart. The takeover delay
 * is the time an expired lease spends at the head of its queue: from its expiry, or from the last
 * sample that still saw it behind older due jobs (an upper bound: it reached the head at some
 * point after that sample). Beyond the bound it is not taken over: a violation.
 */
export interface LeaseReport {
  samples: number;
  /** Samples not taken (PostgreSQL down): not counted as clean. */
  skipped: number;
  /** Schemas with a job queue that were watched. */
  schemas: string[];
  /** Largest time an expired lease waited at the head of its queue (its takeover delay). */
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
  /** Keys of its queue running under a live lease: new ones since the last sample were claimed. */
  live_keys?: string[];
}

/** What the watch remembers of an expired lease between samples. */
interface Waiting {
  /** Seconds into the run when it was first seen expired. */
  firstSeenS: number;
  /** Jobs of its queue claimed (new live leases) while it waited, expired, at the head. */
  claimedMeanwhile: number;
  /** Its overdue (database clock) at the last sample that saw it behind older due jobs. */
  behindUntilMs: number;
  /** At the head of its queue at the last sample. */
  atHead: boolean;
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

  private readonly startedAt = Date.now();
  private readonly waiting = new Map<string, Waiting>();
  /** Live-leased keys per `schema queue` at the last sample. */
  private liveBefore = new Map<string, Set<string>>();

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
                                AND d.state <> 'dead' AND d.run_at < now()))) AS queue_state,
                ARRAY(SELECT l.key FROM "${schema}".jobs l WHERE l.queue = r.queue
                         AND l.state = 'running' AND l.run_at >= now() LIMIT 500) AS live_keys
           FROM "${schema}".jobs r WHERE r.state = 'running' AND r.run_at < now()`,
      );
      if (res.error) {
        this.result.skipped++;
        return;
      }
      const live = new Map<string, Set<string>>();
      for (const r of res.rows) live.set(`${schema} ${r.queue}`, new Set(r.live_keys ?? []));
      const seen = new Set<string>();
      for (const r of res.rows) seen.add(this.observe(schema, r));
      for (const id of this.waiting.keys())
        if (id.startsWith(`${schema} `) && !seen.has(id)) this.waiting.delete(id);
      for (const [q, keys] of live) this.liveBefore.set(q, keys);
      for (const q of this.liveBefore.keys())
        if (q.startsWith(`${schema} `) && !live.has(q)) this.liveBefore.delete(q);
    }
    this.result.samples++;
  }

  /** Judges one expired lease; returns its id. */
  private observe(schema: string, r: Row): string {
    const id = `${schema} ${r.queue} ${r.key}`;
    const before = this.waiting.get(id);
    const waiting = before ?? {
      firstSeenS: Math.round((Date.now() - this.startedAt) / 1000),
      claimedMeanwhile: 0,
      behindUntilMs: 0,
      atHead: false,
    };
    this.waiting.set(id, waiting);
    if (r.behind) {
      this.result.maxBehindBacklogMs = Math.max(this.result.maxBehindBacklogMs, r.overdue_ms);
      Object.assign(waiting, { behindUntilMs: r.overdue_ms, atHead: false });
      return id;
    }
    // Claims since the last sample, when this lease was already expired at the head then: the
    // claim takes due jobs in order, so each was a chance to take it over.
    const prev = waiting.atHead && this.liveBefore.get(`${schema} ${r.queue}`);
    if (prev) for (const k of r.live_keys ?? []) if (!prev.has(k)) waiting.claimedMeanwhile++;
    waiting.atHead = true;
    const atHeadMs = r.overdue_ms - waiting.behindUntilMs;
    this.result.maxOverdueMs = Math.max(this.result.maxOverdueMs, atHeadMs);
    if (atHeadMs <= TAKEOVER_BOUND_MS) return id;
    this.reportOverdue(id, waiting, atHeadMs, r);
    return id;
  }

  /** One line per lease, rewritten at every sample: its longest wait and the claims meanwhile. */
  private reportOverdue(id: string, waiting: Waiting, atHeadMs: number, r: Row): void {
    const line = `${id} ${atHeadMs} ms at the head of its queue (expired ${r.overdue_ms} ms ago), first seen expired at +${waiting.firstSeenS} s, ${waiting.claimedMeanwhile} job(s) of its queue claimed meanwhile${r.queue_state ? ` (${r.queue_state})` : ''}`;
    const at = this.result.overdue.findIndex((o) => o.startsWith(`${id} `));
    if (at >= 0) this.result.overdue[at] = line;
    else if (this.result.overdue.length < 50) this.result.overdue.push(line);
  }
}

export function leaseViolations(r: LeaseReport | undefined): string[] {
  if (!r || !r.overdue.length) return [];
  return [
    `leases: ${r.overdue.length} job(s) still running under an expired lease, at the head of its queue for more than ${r.boundMs / 1000} s (not taken over)`,
  ];
}
