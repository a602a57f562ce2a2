import { RequestContext } from '@retail/platform-observability';
import type { Job, JobDraft, Queryable } from './job';

/** NOTIFY channel: the payload is `<schema>.<queue>`, so a listener wakes only its workers. */
export const JOBS_NOTIFY_CHANNEL = 'retail_jobs';

// TypeORM returns [rows, count] for a bare UPDATE ... RETURNING: every statement here ends in a
// SELECT. Set-based: one statement for any number of jobs, then one NOTIFY (delivered at commit).
// Enqueueing a job that exists counts one more `seq` (runs again after a running attempt),
// makes a waiting job due no later than asked, and revives a dead one.
const ON_CONFLICT = `ON CONFLICT (queue, key) DO UPDATE SET
      seq = jobs.seq + 1,
      payload = EXCLUDED.payload,
      priority = LEAST(jobs.priority, EXCLUDED.priority),
      run_at = CASE WHEN jobs.state = 'running' THEN jobs.run_at
                    WHEN jobs.state = 'dead' THEN EXCLUDED.run_at
                    ELSE LEAST(jobs.run_at, EXCLUDED.run_at) END,
      attempts = CASE WHEN jobs.state = 'dead' THEN 0 ELSE jobs.attempts END,
      traceparent = COALESCE(EXCLUDED.traceparent, jobs.traceparent),
      state = CASE WHEN jobs.state = 'dead' THEN 'pending' ELSE jobs.state END`;

/** The NOTIFY for a queue (an SQL expression; `queueParam` e.g. `$1`), delivered at commit. */
export const jobsNotifySql = (queueParam: string) =>
  `pg_notify('${JOBS_NOTIFY_CHANNEL}', current_schema() || '.' || ${queueParam})`;

/**
 * Enqueue embedded in a caller's statement (e.g. a CTE that inserts the order its job belongs
 * to): one job per row of `keysSelect` (one text column), due now, same conflict rules as
 * `JobStore.enqueue`; `traceparentParam` (a text parameter, e.g. `$17`, bound to
 * `RequestContext.traceparent()`) is the trace the job's run continues. The statement must also
 * select `jobsNotifySql(queueParam)`.
 */
export const enqueueSelectSql = (
  queueParam: string,
  keysSelect: string,
  traceparentParam: string,
) =>
  `INSERT INTO jobs (queue, key, traceparent)
   SELECT ${queueParam}, k.key, ${traceparentParam} FROM (${keysSelect}) AS k(key)
   ${ON_CONFLICT}`;

/**
 * Enqueue of the drafts in `rowsParam` (a jsonb array of `{ key, payload, priority, delay }`, as
 * `JobStore.enqueue` builds it), embeddable in a caller's statement; `fromSql` may add a
 * guard (e.g. `, o` to enqueue only when CTE `o` returned a row). The statement must also
 * select `jobsNotifySql(queueParam)`.
 */
export const enqueueRowsSql = (
  queueParam: string,
  rowsParam: string,
  traceparentParam: string,
  fromSql = '',
) =>
  `INSERT INTO jobs (queue, key, payload, priority, run_at, traceparent)
    SELECT ${queueParam}, d.key, COALESCE(d.payload, '{}'::jsonb), COALESCE(d.priority, 0),
           now() + COALESCE(d.delay, 0) * interval '1 millisecond', ${traceparentParam}::text
      FROM jsonb_to_recordset(${rowsParam}::jsonb)
           AS d(key text, payload jsonb, priority int, delay int)${fromSql}
    ${ON_CONFLICT}`;

const ENQUEUE = `WITH ins AS (${enqueueRowsSql('$1', '$2', '$3')} RETURNING 1)
  SELECT (SELECT count(*)::int FROM ins) AS n, ${jobsNotifySql('$1')}`;

const CLAIM = `WITH next AS (
    SELECT key FROM jobs
     WHERE queue = $1 AND state <> 'dead' AND run_at <= now()
     ORDER BY priority, run_at LIMIT $2 FOR UPDATE SKIP LOCKED
  ), claimed AS (
    UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, lease_owner = $3,
           run_at = now() + $4 * interval '1 millisecond'
      FROM next WHERE j.queue = $1 AND j.key = next.key
    RETURNING j.key, j.payload, j.priority, j.attempts, j.seq, j.created_at, j.traceparent
  ) SELECT key, payload, priority, attempts, seq, traceparent FROM claimed
     ORDER BY priority, created_at`;

// A finished job is deleted, unless it was enqueued again meanwhile: then it runs once more.
// Two statements, not one: an enqueue holding the row when the DELETE arrives makes it wait and
// re-check `seq` on the new row, but a second clause of the same statement would still read the
// row as it was when the statement began (seq unchanged), match nothing, and leave the job
// 'running' until its lease ran out. The RE_ARM statement reads the row afresh.
const COMPLETE = `WITH del AS (
    DELETE FROM jobs WHERE queue = $1 AND key = $2 AND lease_owner = $3 AND seq = $4 RETURNING 1
  ) SELECT count(*)::int AS n FROM del`;
const RE_ARM = `UPDATE jobs SET state = 'pending', lease_owner = NULL, run_at = now(), attempts = 0
  WHERE queue = $1 AND key = $2 AND lease_owner = $3`;

// Enqueued again while it ran (e.g. a cancel arrived): due at once instead of after the delay.
const RETRY = `UPDATE jobs SET state = 'pending', lease_owner = NULL, last_error = $5,
       attempts = attempts - $6::int,
       run_at = CASE WHEN seq <> $4 THEN now() ELSE now() + $7 * interval '1 millisecond' END
  WHERE queue = $1 AND key = $2 AND lease_owner = $3`;

const KILL = `UPDATE jobs SET state = 'dead', lease_owner = NULL, last_error = $4
  WHERE queue = $1 AND key = $2 AND lease_owner = $3`;

/**
 * Settling a job inside a caller's single statement (no transaction of its own): `heldSql` is a
 * CTE body locking the job row while `ownerParam` holds its lease (reference it with
 * `EXISTS (SELECT 1 FROM <cte>)` to make the statement's writes conditional on the lease);
 * `completeSql` deletes the job unless it was enqueued again since the claim (`seqParam`).
 * When the delete matched nothing, call `JobStore.completed(q, job, false)`: it re-arms the job
 * with a statement of its own (a clause of the same statement would still read the old `seq`,
 * see COMPLETE). Parameters: `$queue, $key, $owner, $seq` placeholders chosen by the caller;
 * `guardSql`, a condition evaluated before the job row is locked (e.g. `EXISTS (SELECT 1 FROM
 * <cte>)` over a CTE locking the caller's own row first, to keep the caller's lock order).
 */
export const jobHeldSql = (
  queueParam: string,
  keyParam: string,
  ownerParam: string,
  guardSql = 'true',
) =>
  `SELECT 1 FROM jobs WHERE queue = ${queueParam} AND key = ${keyParam}
      AND lease_owner = ${ownerParam} AND ${guardSql} FOR UPDATE`;

export const jobCompleteSql = (
  queueParam: string,
  keyParam: string,
  ownerParam: string,
  seqParam: string,
) =>
  `DELETE FROM jobs WHERE queue = ${queueParam} AND key = ${keyParam}
      AND lease_owner = ${ownerParam} AND seq = ${seqParam}`;

/**
 * The SQL of the durable-work primitive. Every function takes the caller's `Queryable`, so a
 * job is enqueued, completed or rescheduled in the same transaction as the state change it
 * belongs to: the work and its effect commit together or not at all.
 */
export const JobStore = {
  /** Enqueues (or re-enqueues) jobs; returns how many rows were written. */
  async enqueue(q: Queryable, queue: string, drafts: JobDraft[]): Promise<number> {
    if (drafts.length === 0) return 0;
    // The trace of the work enqueueing (request, event, job): the job's run continues it.
    const traceparent = RequestContext.traceparent() ?? null;
    const [result] = await q.query(ENQUEUE, [queue, JobStore.rows(drafts), traceparent]);
    return result?.n ?? 0;
  },

  /** The jsonb parameter of `enqueueRowsSql` for drafts. */
  rows(drafts: JobDraft[]): string {
    return JSON.stringify(
      drafts.map((d) => ({
        key: d.key,
        payload: d.payload ?? {},
        priority: d.priority ?? 0,
        delay: Math.max(0, Math.round(d.delayMs ?? 0)),
      })),
    );
  },

  /** Leases up to `limit` due jobs to `owner` for `leaseMs`. */
  async claim<P>(
    q: Queryable,
    queue: string,
    owner: string,
    limit: number,
    leaseMs: number,
  ): Promise<Job<P>[]> {
    if (limit <= 0) return [];
    const rows: Array<Omit<Job<P>, 'queue' | 'owner'>> = await q.query(CLAIM, [
      queue,
      limit,
      owner,
      leaseMs,
    ]);
    return rows.map(({ traceparent, ...r }) => ({
      ...r,
      queue,
      owner,
      ...(traceparent ? { traceparent } : {}),
    }));
  },

  async complete(q: Queryable, job: Job): Promise<void> {
    const [deleted] = await q.query(COMPLETE, [job.queue, job.key, job.owner, job.seq]);
    await JobStore.completed(q, job, (deleted?.n ?? 0) > 0);
  },

  /**
   * After a `jobCompleteSql` embedded in the caller's statement: a job enqueued again while it
   * ran (not deleted) is made due again at once.
   */
  async completed(q: Queryable, job: Job, deleted: boolean): Promise<void> {
    if (!deleted) await q.query(RE_ARM, [job.queue, job.key, job.owner]);
  },

  async retry(
    q: Queryable,
    job: Job,
    delayMs: number,
    error?: string,
    countAttempt = true,
  ): Promise<void> {
    await q.query(RETRY, [
      job.queue,
      job.key,
      job.owner,
      job.seq,
      error?.slice(0, 1000) ?? null,
      countAttempt ? 0 : 1,
      Math.max(0, Math.round(delayMs)),
    ]);
  },

  /** Moves a running job's lease expiry `leaseMs` ahead; false when `job.owner` lost it. */
  async renew(q: Queryable, job: Job, leaseMs: number): Promise<boolean> {
    const [row] = await q.query(
      `WITH u AS (UPDATE jobs SET run_at = now() + $4 * interval '1 millisecond'
         WHERE queue = $1 AND key = $2 AND lease_owner = $3 AND state = 'running' RETURNING 1)
       SELECT count(*)::int AS n FROM u`,
      [job.queue, job.key, job.owner, Math.max(0, Math.round(leaseMs))],
    );
    return (row?.n ?? 0) > 0;
  },

  /** True while `job.owner` holds the lease; locks the job row until the transaction ends. */
  async holds(q: Queryable, job: Job): Promise<boolean> {
    const rows: unknown[] = await q.query(
      `SELECT 1 FROM jobs WHERE queue = $1 AND key = $2 AND lease_owner = $3 FOR UPDATE`,
      [job.queue, job.key, job.owner],
    );
    return rows.length > 0;
  },

  /** Removes a job that is waiting (not running); true when it did. */
  async cancelPending(q: Queryable, queue: string, key: string): Promise<boolean> {
    const rows: unknown[] = await q.query(
      `WITH del AS (DELETE FROM jobs WHERE queue = $1 AND key = $2 AND state = 'pending'
         RETURNING 1) SELECT 1 FROM del`,
      [queue, key],
    );
    return rows.length > 0;
  },

  /** Whether a job exists (pending, running or dead). */
  async exists(q: Queryable, queue: string, key: string): Promise<boolean> {
    const rows: unknown[] = await q.query(`SELECT 1 FROM jobs WHERE queue = $1 AND key = $2`, [
      queue,
      key,
    ]);
    return rows.length > 0;
  },

  /** Makes every waiting job of a queue due now (e.g. the dependency it waited for is back). */
  async hurry(q: Queryable, queue: string): Promise<void> {
    await q.query(
      `WITH u AS (UPDATE jobs SET run_at = now()
         WHERE queue = $1 AND state = 'pending' AND run_at > now() RETURNING 1)
       SELECT ${jobsNotifySql('$1')}`,
      [queue],
    );
  },

  async kill(q: Queryable, job: Job, error: string): Promise<void> {
    await q.query(KILL, [job.queue, job.key, job.owner, error.slice(0, 1000)]);
  },

  /** Jobs of a queue by state (metrics, readiness, the bench). */
  async depth(q: Queryable, queue: string): Promise<Record<string, number>> {
    const rows: Array<{ state: string; n: number }> = await q.query(
      `SELECT state, count(*)::int AS n FROM jobs WHERE queue = $1 GROUP BY state`,
      [queue],
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  },
};
