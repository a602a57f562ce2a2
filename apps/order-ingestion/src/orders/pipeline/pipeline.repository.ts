import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PipelineStep } from '../domain/pipeline-step';

/**
 * The pipeline's queue is the orders table itself: an order is due when `next_attempt_at` has
 * passed and nobody holds its lease. Leases (not row locks) are used because a step calls other
 * services; holding a transaction open across HTTP calls would pin pool connections.
 */
@Injectable()
export class PipelineRepository {
  constructor(private readonly db: DataSource) {}

  async claimDue(owner: string, leaseMs: number): Promise<string | undefined> {
    const rows: Array<{ id: string }> = await this.db.query(
      `WITH next AS (
         SELECT id FROM orders
          WHERE next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
          ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE orders o SET lease_owner = $1,
                lease_until = now() + $2 * interval '1 millisecond'
           FROM next WHERE o.id = next.id RETURNING o.id
       ) SELECT id FROM claimed`,
      [owner, leaseMs],
    );
    return rows[0]?.id;
  }

  /** True while `owner` still holds the order's lease (checked under the row lock). */
  async holdsLease(m: EntityManager, id: string, owner: string): Promise<boolean> {
    const rows: Array<{ lease_owner: string | null }> = await m.query(
      `SELECT lease_owner FROM orders WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0]?.lease_owner === owner;
  }

  async moveTo(
    m: EntityManager,
    id: string,
    change: { step: PipelineStep; status: string; reason?: string; wakeInMs: number | null },
  ): Promise<void> {
    await m.query(
      `UPDATE orders SET step = $2, status = $3, status_reason = $4,
              next_attempt_at = CASE WHEN $5::int IS NULL THEN NULL
                                     ELSE now() + $5::int * interval '1 millisecond' END,
              lease_owner = NULL, lease_until = NULL, attempts = 0, last_error = NULL,
              updated_at = now()
        WHERE id = $1`,
      [id, change.step, change.status, change.reason ?? null, change.wakeInMs],
    );
  }

  /** A failed attempt: try the same step again later; the lease is given back. */
  async retryLater(id: string, owner: string, delayMs: number, error: string): Promise<void> {
    await this.db.query(
      `UPDATE orders SET attempts = attempts + 1, last_error = $3,
              next_attempt_at = now() + $4 * interval '1 millisecond',
              lease_owner = NULL, lease_until = NULL, updated_at = now()
        WHERE id = $1 AND lease_owner = $2`,
      [id, owner, error.slice(0, 1000), delayMs],
    );
  }

  /** Nothing to run at this step: park the order and give the lease back. */
  async park(id: string, owner: string): Promise<void> {
    await this.db.query(
      `UPDATE orders SET lease_owner = NULL, lease_until = NULL, next_attempt_at = NULL
        WHERE id = $1 AND lease_owner = $2`,
      [id, owner],
    );
  }

  /** Wakes every order parked in `exception` at the SKU step (master data changed). */
  async wakeSkuExceptions(): Promise<number> {
    const rows: Array<{ id: string }> = await this.db.query(
      `WITH woken AS (
         UPDATE orders SET next_attempt_at = now()
          WHERE status = 'exception' AND step = 'skus' RETURNING id
       ) SELECT id FROM woken`,
    );
    return rows.length;
  }
}
