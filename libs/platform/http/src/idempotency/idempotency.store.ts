import { Injectable } from '@nestjs/common';
import type { RetentionRule } from '@retail/platform-persistence';
import { DataSource } from 'typeorm';

export interface IdempotencyClaim {
  principal: string;
  key: string;
  fingerprint: string;
  leaseMs: number;
}

export type ClaimOutcome =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' };

/** Keys are kept at least this long (the contract promises 24 h). */
export const IDEMPOTENCY_RETENTION_HOURS = 48;

/** Keys past their retention, purged by the service's `RetentionJanitor` in batches. */
export const IDEMPOTENCY_RETENTION: RetentionRule = {
  table: 'idempotency_keys',
  sql: `DELETE FROM idempotency_keys WHERE (principal, key) IN (
    SELECT principal, key FROM idempotency_keys
     WHERE created_at < now() - make_interval(hours => $1) LIMIT $2)`,
  hours: IDEMPOTENCY_RETENTION_HOURS,
};

/**
 * The Idempotency-Key store. Claims are an INSERT ... ON CONFLICT DO NOTHING (never
 * check-then-insert); a claim whose owner died is taken over once its lease has passed.
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly db: DataSource) {}

  async claim(c: IdempotencyClaim): Promise<ClaimOutcome> {
    const inserted = await this.db.query(
      `INSERT INTO idempotency_keys (principal, key, fingerprint, state, locked_until)
       VALUES ($1, $2, $3, 'in_flight', now() + ($4 || ' milliseconds')::interval)
       ON CONFLICT DO NOTHING RETURNING key`,
      [c.principal, c.key, c.fingerprint, String(c.leaseMs)],
    );
    if (inserted.length > 0) return { kind: 'claimed' };
    const [row] = await this.db.query(
      `SELECT fingerprint, state, response_status, response_body, locked_until < now() AS expired
         FROM idempotency_keys WHERE principal = $1 AND key = $2`,
      [c.principal, c.key],
    );
    if (!row) return this.claim(c);
    if (row.fingerprint !== c.fingerprint) return { kind: 'mismatch' };
    if (row.state === 'completed')
      return { kind: 'replay', status: row.response_status, body: row.response_body };
    return row.expired && (await this.takeOver(c)) ? { kind: 'claimed' } : { kind: 'in_flight' };
  }

  private async takeOver(c: IdempotencyClaim): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE idempotency_keys SET locked_until = now() + ($3 || ' milliseconds')::interval
        WHERE principal = $1 AND key = $2 AND state = 'in_flight' AND locked_until < now()
        RETURNING key`,
      [c.principal, c.key, String(c.leaseMs)],
    );
    return rows[1] > 0 || (Array.isArray(rows[0]) && rows[0].length > 0);
  }

  async complete(principal: string, key: string, status: number, body: unknown): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys SET state = 'completed', response_status = $3, response_body = $4::json
        WHERE principal = $1 AND key = $2`,
      [principal, key, status, JSON.stringify(body ?? null)],
    );
  }

  /** A failed first attempt leaves no trace: the client may retry with the same key. */
  async release(principal: string, key: string): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2 AND state = 'in_flight'`,
      [principal, key],
    );
  }
}
