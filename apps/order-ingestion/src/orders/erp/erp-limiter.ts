import type { ClaimGate } from '@retail/platform-jobs';
import type { EntityManager } from 'typeorm';
import { ERP_QUEUE } from './erp-job';

// Token bucket refilled at ERP_MAX_RPS with a capacity of one token: no burst after an idle
// spell, so no one-second window ever sees more than ERP_MAX_RPS + 1 call starts.
const TAKE_TOKENS = `WITH b AS (
    SELECT LEAST($2::float8, tokens + EXTRACT(EPOCH FROM clock_timestamp() - refilled_at) * $1::float8) AS t
      FROM erp_rate_limit WHERE id = 1 FOR UPDATE
  ), u AS (
    UPDATE erp_rate_limit SET tokens = b.t - LEAST(floor(b.t), $3), refilled_at = clock_timestamp()
      FROM b WHERE id = 1 RETURNING 1
  ) SELECT b.t AS tokens, LEAST(floor(b.t), $3)::int AS taken FROM b, u`;

/**
 * TRANSITIONAL: the ERP's cross-replica limits, kept in this one place until the account-wide
 * ERP governor (schema `erp_governor`) grants permits inside the ERP client; then this file and
 * the `erp_rate_limit` table go, and the ERP worker's only own limit is its local lanes.
 *
 * A claim gate: under a transaction-level advisory lock, "count the calls in flight on every
 * replica (running `erp` jobs with a live lease), take tokens, lease jobs" is atomic, so calls
 * in flight never exceed ERP_MAX_CONCURRENCY and starts never exceed ERP_MAX_RPS. A running job
 * is deleted only after the ERP's answer was consumed, so its slot is free only then.
 */
export function erpLimiter(maxConcurrency: number, maxRps: number): ClaimGate {
  return async (m: EntityManager, wanted: number) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.erp_limit'))`);
    const [{ n, due }] = await m.query(
      `SELECT count(*) FILTER (WHERE state = 'running' AND run_at >= now())::int AS n,
              count(*) FILTER (WHERE run_at <= now())::int AS due
         FROM jobs WHERE queue = $1 AND state <> 'dead'`,
      [ERP_QUEUE],
    );
    // Tokens are taken only for jobs that are due, so an idle poll never wastes one.
    const slots = Math.min(wanted, maxConcurrency - n, due);
    if (due === 0) return { admit: 0 };
    if (slots <= 0) return { admit: 0, waitMs: 20 };
    const [token] = await m.query(TAKE_TOKENS, [maxRps, 1, slots]);
    if (token.taken > 0) return { admit: token.taken };
    return { admit: 0, waitMs: Math.max(1, Math.ceil(((1 - token.tokens) / maxRps) * 1000)) };
  };
}
