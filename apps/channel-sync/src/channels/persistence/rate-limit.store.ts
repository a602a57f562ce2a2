import { rowsOf } from '@retail/platform-persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RateLimit } from '../../config/channel-catalogue';

/** Tokens kept back from the vendor's burst (see `ensure`). */
export const JITTER_HEADROOM = 1;

export interface TakeResult {
  granted: boolean;
  /** When not granted: how long until a token is due (or the vendor's block ends). */
  waitMs: number;
}

export interface BucketState {
  account: string;
  bucket: string;
  tokens: number;
  capacity: number;
  ratePerSecond: number;
  blockedUntil: Date;
  throttledTotal: number;
}

/**
 * One token bucket per (account, API operation) in PostgreSQL, so every replica draws from the
 * same budget the vendor counts. Refill is computed from the row's last refill time inside the
 * statement that takes the token (the row lock serialises takers); a 429 empties the bucket
 * and blocks it until the vendor's Retry-After.
 */
@Injectable()
export class RateLimitStore {
  constructor(private readonly db: DataSource) {}

  /**
   * Creates the bucket full, or applies a changed configuration to an existing one. The bucket
   * holds one token less than the vendor's burst: a request reaches the vendor a little after
   * its token was taken, by a varying delay, and a vendor counting exactly would otherwise see
   * two requests a hair closer than its refill allows.
   */
  async ensure(account: string, bucket: string, limit: RateLimit): Promise<void> {
    const capacity = limit.burst > 1 ? limit.burst - JITTER_HEADROOM : limit.burst;
    await this.db.query(
      `INSERT INTO rate_limit_buckets (account, bucket, tokens, capacity, refill_per_second)
       VALUES ($1, $2, $3, $3, $4)
       ON CONFLICT (account, bucket) DO UPDATE
          SET capacity = EXCLUDED.capacity, refill_per_second = EXCLUDED.refill_per_second,
              tokens = LEAST(rate_limit_buckets.tokens, EXCLUDED.capacity)`,
      [account, bucket, capacity, limit.ratePerSecond],
    );
  }

  /** Takes `cost` tokens (default 1: one request) when the bucket holds them. */
  async take(account: string, bucket: string, cost = 1): Promise<TakeResult> {
    const result: unknown[] = await this.db.query(
      `WITH cur AS (
         SELECT account, bucket, refill_per_second,
                LEAST(capacity, tokens + GREATEST(0, EXTRACT(EPOCH FROM
                  (statement_timestamp() - refilled_at))) * refill_per_second) AS available,
                blocked_until > statement_timestamp() AS blocked,
                EXTRACT(EPOCH FROM (blocked_until - statement_timestamp())) * 1000 AS blocked_ms
           FROM rate_limit_buckets WHERE account = $1 AND bucket = $2 FOR UPDATE)
       UPDATE rate_limit_buckets r
          SET tokens = cur.available
                       - CASE WHEN NOT cur.blocked AND cur.available >= $3::float8 THEN $3::float8 ELSE 0 END,
              refilled_at = GREATEST(r.refilled_at, statement_timestamp())
         FROM cur WHERE r.account = cur.account AND r.bucket = cur.bucket
       RETURNING (NOT cur.blocked AND cur.available >= $3::float8) AS granted,
                 GREATEST(CASE WHEN cur.blocked THEN cur.blocked_ms ELSE 0 END,
                          ($3::float8 - cur.available) * 1000 / cur.refill_per_second)::float8 AS wait_ms`,
      [account, bucket, cost],
    );
    const rows = rowsOf<{ granted: boolean; wait_ms: number }>(result);
    if (rows.length === 0) throw new Error(`rate-limit bucket ${account}/${bucket} missing`);
    return { granted: rows[0].granted, waitMs: Math.max(0, Number(rows[0].wait_ms)) };
  }

  /**
   * The vendor said 429: no token until `retryAfterMs` from now. A cost-limited vendor that says
   * how much is left (Shopify GraphQL) sets `tokensLeft` instead of a wait.
   */
  async throttled(
    account: string,
    bucket: string,
    retryAfterMs: number,
    tokensLeft = 0,
  ): Promise<void> {
    await this.db.query(
      `UPDATE rate_limit_buckets
          SET tokens = LEAST(capacity, $4::float8), refilled_at = clock_timestamp(),
              throttled_total = throttled_total + 1,
              blocked_until = GREATEST(blocked_until,
                                       clock_timestamp() + make_interval(secs => $3::float8 / 1000))
        WHERE account = $1 AND bucket = $2`,
      [account, bucket, retryAfterMs, Math.max(0, tokensLeft)],
    );
  }

  /**
   * Mirrors the vendor's own count (Shopify's call limit and GraphQL points, BigCommerce's
   * requests left) as of now: the refill up to now is applied first, so the bucket is never
   * credited again for time the vendor already counted.
   */
  async observedRemaining(account: string, bucket: string, remaining: number): Promise<void> {
    await this.db.query(
      `UPDATE rate_limit_buckets
          SET tokens = LEAST(capacity, tokens + GREATEST(0, EXTRACT(EPOCH FROM
                         (statement_timestamp() - refilled_at))) * refill_per_second, $3::float8),
              refilled_at = GREATEST(refilled_at, statement_timestamp())
        WHERE account = $1 AND bucket = $2`,
      [account, bucket, Math.max(0, remaining)],
    );
  }

  async list(): Promise<BucketState[]> {
    const rows: Array<Record<string, any>> = await this.db.query(
      `SELECT account, bucket, capacity, refill_per_second, blocked_until, throttled_total,
              LEAST(capacity, tokens + GREATEST(0, EXTRACT(EPOCH FROM
                (statement_timestamp() - refilled_at))) * refill_per_second)::float8 AS tokens
         FROM rate_limit_buckets ORDER BY account, bucket`,
    );
    return rows.map((r) => ({
      account: r.account,
      bucket: r.bucket,
      tokens: Number(r.tokens),
      capacity: Number(r.capacity),
      ratePerSecond: Number(r.refill_per_second),
      blockedUntil: r.blocked_until,
      throttledTotal: Number(r.throttled_total),
    }));
  }
}
