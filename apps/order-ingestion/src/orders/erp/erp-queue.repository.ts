import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrderIngestionConfig } from '../../config/env';
import type { ErpJob } from './erp-job';

export type ClaimResult =
  | { kind: 'claimed'; job: ErpJob }
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'rate_limited'; waitMs: number };

// A cancel never overtakes the create of the same order.
const NEXT_JOB = `SELECT j.id, j.order_id, j.operation, j.attempts FROM erp_jobs j
   WHERE (j.state = 'pending' OR (j.state = 'in_flight' AND j.lease_until < now()))
     AND j.next_attempt_at <= now()
     AND NOT (j.operation = 'cancel' AND EXISTS (
       SELECT 1 FROM erp_jobs c WHERE c.order_id = j.order_id AND c.operation = 'create'
          AND c.state IN ('pending', 'in_flight')))
   ORDER BY j.priority, j.next_attempt_at, j.id LIMIT 1 FOR UPDATE SKIP LOCKED`;

// Token bucket refilled at ERP_MAX_RPS with a capacity of one token: no burst after an idle
// spell, so no one-second window ever sees more than ERP_MAX_RPS + 1 call starts.
const TAKE_TOKEN = `WITH b AS (
    SELECT LEAST($2::float8, tokens + EXTRACT(EPOCH FROM clock_timestamp() - refilled_at) * $1::float8) AS t
      FROM erp_rate_limit WHERE id = 1 FOR UPDATE
  ), u AS (
    UPDATE erp_rate_limit SET tokens = b.t - 1, refilled_at = clock_timestamp()
      FROM b WHERE id = 1 AND b.t >= 1 RETURNING 1
  ) SELECT b.t AS tokens, EXISTS (SELECT 1 FROM u) AS taken FROM b`;

/**
 * The ERP queue in PostgreSQL, shared by every replica. A claim runs under a transaction-level
 * advisory lock, so "count the in-flight leases, take a token, lease a job" is atomic across
 * replicas: in-flight calls never exceed ERP_MAX_CONCURRENCY and starts never exceed
 * ERP_MAX_RPS, however many replicas run. A lease outlives the ERP timeout; a replica that dies
 * mid-call frees its slot when the lease expires and the job is retried (the upsert is keyed).
 */
@Injectable()
export class ErpQueueRepository {
  constructor(
    private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: OrderIngestionConfig,
  ) {}

  claim(owner: string): Promise<ClaimResult> {
    const env = this.config.env;
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.erp_jobs'))`);
      const [{ n }] = await m.query(
        `SELECT count(*)::int AS n FROM erp_jobs WHERE state = 'in_flight' AND lease_until >= now()`,
      );
      if (n >= env.ERP_MAX_CONCURRENCY) return { kind: 'busy' };
      const [row] = await m.query(NEXT_JOB);
      if (!row) return { kind: 'idle' };
      const [token] = await m.query(TAKE_TOKEN, [env.ERP_MAX_RPS, 1]);
      if (!token.taken) {
        const waitMs = Math.ceil(((1 - token.tokens) / env.ERP_MAX_RPS) * 1000);
        return { kind: 'rate_limited', waitMs: Math.max(1, waitMs) };
      }
      await this.lease(m, row.id, owner, env.ERP_TIMEOUT_MS + 10_000);
      const job: ErpJob = {
        id: String(row.id),
        orderId: row.order_id,
        operation: row.operation,
        attempts: row.attempts + 1,
      };
      return { kind: 'claimed', job };
    });
  }

  private async lease(m: EntityManager, id: string, owner: string, ms: number) {
    await m.query(
      `UPDATE erp_jobs SET state = 'in_flight', attempts = attempts + 1, lease_owner = $2,
              lease_until = now() + $3 * interval '1 millisecond' WHERE id = $1`,
      [id, owner, ms],
    );
  }

  /** Back to the queue, due after `delayMs`; `countAttempt` false gives the attempt back. */
  async reschedule(
    job: ErpJob,
    delayMs: number,
    outcome: string,
    error?: string,
    countAttempt = true,
  ) {
    await this.db.query(
      `UPDATE erp_jobs SET state = 'pending', lease_owner = NULL, lease_until = NULL,
              attempts = attempts - $5::int, last_outcome = $3, last_error = $4,
              next_attempt_at = now() + $2 * interval '1 millisecond'
        WHERE id = $1 AND state = 'in_flight'`,
      [job.id, delayMs, outcome, error?.slice(0, 1000) ?? null, countAttempt ? 0 : 1],
    );
  }

  async finish(m: EntityManager, job: ErpJob, state: 'done' | 'failed', error?: string) {
    await m.query(
      `UPDATE erp_jobs SET state = $2, lease_owner = NULL, lease_until = NULL, done_at = now(),
              last_outcome = $2, last_error = $3 WHERE id = $1`,
      [job.id, state, error?.slice(0, 1000) ?? null],
    );
  }

  /** The ERP is back: jobs that were backing off after outage errors become due now. */
  async retryUnavailableNow(): Promise<void> {
    await this.db.query(
      `UPDATE erp_jobs SET next_attempt_at = now()
        WHERE state = 'pending' AND last_outcome IN ('unavailable', 'breaker_open')
          AND next_attempt_at > now()`,
    );
  }
}
