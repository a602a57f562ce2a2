import { Injectable } from '@nestjs/common';
import type { RetentionRule } from '@retail/platform-persistence';
import { DataSource, EntityManager } from 'typeorm';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

export interface IdempotencyClaim {
  principal: string;
  key: string;
  fingerprint: string;
  leaseMs: number;
}

/** A key claimed with `claimIn`, and what its request answered (omit `status` to release it). */
export interface IdempotencySettlement {
  principal: string;
  key: string;
  status?: number;
  body?: unknown;
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
    const outcome = outcomeOf(c, row);
    if (outcome.kind !== 'in_flight' || !row.expired) return outcome;
    return (await this.takeOver(this.db, c)) ? { kind: 'claimed' } : outcome;
  }

  async complete(principal: string, key: string, status: number, body: unknown): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys SET state = 'completed', response_status = $3, response_body = $4::json
        WHERE principal = $1 AND key = $2`,
      [principal, key, status, JSON.stringify(body ?? null)],
    );
  }

  /**
   * What a key already answered, read without claiming it: a `replay` of a completed request, a
   * `mismatch` when the key was completed for another request, otherwise undefined (no such key,
   * or still in flight). For a handler whose own checks could fail before it claims the key (a
   * dependency down), so that a replay is still answered as it was the first time.
   */
  async answered(
    c: Pick<IdempotencyClaim, 'principal' | 'key' | 'fingerprint'>,
  ): Promise<ClaimOutcome | undefined> {
    const [row]: ExistingKey[] = await this.db.query(
      `SELECT fingerprint, state, response_status, response_body, false AS expired
         FROM idempotency_keys WHERE principal = $1 AND key = $2 AND state = 'completed'`,
      [c.principal, c.key],
    );
    return row ? outcomeOf({ ...c, leaseMs: 0 }, row) : undefined;
  }

  /** A failed first attempt leaves no trace: the client may retry with the same key. */
  async release(principal: string, key: string): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2 AND state = 'in_flight'`,
      [principal, key],
    );
  }

  /**
   * Claims many keys inside the caller's transaction, for a handler that writes its answer in
   * that same transaction (`settleIn`), so a key is never seen in flight by anyone else: one
   * statement for all keys, taken in (principal, key) order so two such transactions never
   * deadlock on each other's keys; a key another open transaction holds is waited for, then
   * read as it committed. A key repeated in `claims` is `in_flight` after its first occurrence.
   * Answers in the order of `claims`.
   */
  async claimIn(manager: EntityManager, claims: IdempotencyClaim[]): Promise<ClaimOutcome[]> {
    if (claims.length === 0) return [];
    const idOf = (c: { principal: string; key: string }) => `${c.principal}\u001f${c.key}`;
    const firsts = new Map<string, IdempotencyClaim>();
    for (const c of claims) if (!firsts.has(idOf(c))) firsts.set(idOf(c), c);
    const unique = [...firsts.values()];
    const inserted: Array<{ principal: string; key: string }> = await manager.query(
      `INSERT INTO idempotency_keys (principal, key, fingerprint, state, locked_until)
       SELECT p, k, f, 'in_flight', now() + make_interval(secs => l / 1000.0)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS t(p, k, f, l)
        ORDER BY p, k
       ON CONFLICT DO NOTHING RETURNING principal, key`,
      [
        unique.map((c) => c.principal),
        unique.map((c) => c.key),
        unique.map((c) => c.fingerprint),
        unique.map((c) => c.leaseMs),
      ],
    );
    const outcomes = new Map<string, ClaimOutcome>(
      inserted.map((r) => [idOf(r), { kind: 'claimed' as const }]),
    );
    const rest = unique.filter((c) => !outcomes.has(idOf(c)));
    if (rest.length > 0) {
      const rows: Array<ExistingKey & { principal: string; key: string }> = await manager.query(
        `SELECT principal, key, fingerprint, state, response_status, response_body,
                locked_until < now() AS expired
           FROM idempotency_keys
          WHERE (principal, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [rest.map((c) => c.principal), rest.map((c) => c.key)],
      );
      const found = new Map(rows.map((r) => [idOf(r), r]));
      for (const c of rest) {
        const row = found.get(idOf(c));
        let outcome = outcomeOf(c, row);
        if (outcome.kind === 'in_flight' && row?.expired && (await this.takeOver(manager, c)))
          outcome = { kind: 'claimed' };
        outcomes.set(idOf(c), outcome);
      }
    }
    const seen = new Set<string>();
    return claims.map((c) => {
      const id = idOf(c);
      if (seen.has(id)) return { kind: 'in_flight' };
      seen.add(id);
      return outcomes.get(id)!;
    });
  }

  /**
   * Settles keys claimed with `claimIn`, in the same transaction: a key with a `status` is
   * completed with that answer, one without is released (its request failed: no trace).
   */
  async settleIn(manager: EntityManager, settled: IdempotencySettlement[]): Promise<void> {
    const done = settled.filter((s) => s.status !== undefined);
    const failed = settled.filter((s) => s.status === undefined);
    if (done.length > 0)
      await manager.query(
        `UPDATE idempotency_keys i
            SET state = 'completed', response_status = t.s, response_body = t.b::json
           FROM unnest($1::text[], $2::text[], $3::int[], $4::text[]) AS t(p, k, s, b)
          WHERE i.principal = t.p AND i.key = t.k`,
        [
          done.map((s) => s.principal),
          done.map((s) => s.key),
          done.map((s) => s.status),
          done.map((s) => JSON.stringify(s.body ?? null)),
        ],
      );
    if (failed.length > 0)
      await manager.query(
        `DELETE FROM idempotency_keys
          WHERE state = 'in_flight'
            AND (principal, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [failed.map((s) => s.principal), failed.map((s) => s.key)],
      );
  }

  /** Extends an expired in-flight claim to this caller, in `q` (the pool or a transaction). */
  private async takeOver(q: Queryable, c: IdempotencyClaim): Promise<boolean> {
    const rows: unknown[] = await q.query(
      `WITH t AS (
         UPDATE idempotency_keys SET locked_until = now() + make_interval(secs => $3 / 1000.0)
          WHERE principal = $1 AND key = $2 AND state = 'in_flight' AND locked_until < now()
          RETURNING key)
       SELECT key FROM t`,
      [c.principal, c.key, c.leaseMs],
    );
    return rows.length > 0;
  }
}

interface ExistingKey {
  fingerprint: string;
  state: 'in_flight' | 'completed';
  response_status: number | null;
  response_body: unknown;
  expired: boolean;
}

/** A key that was already there: a replay, a reuse with another request, or still in flight. */
function outcomeOf(c: IdempotencyClaim, row: ExistingKey | undefined): ClaimOutcome {
  if (!row) return { kind: 'in_flight' }; // purged between the two statements: claim again
  if (row.fingerprint !== c.fingerprint) return { kind: 'mismatch' };
  if (row.state === 'completed')
    return { kind: 'replay', status: row.response_status!, body: row.response_body };
  return { kind: 'in_flight' };
}
