import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type UpdateKind = 'payment' | 'fraud';

export interface RecordedUpdate {
  orderId: string;
  kind: UpdateKind;
  source: string;
  status: string;
  occurredAt: Date;
  /** What the rule made of it (`release`, `hold`, `record`, `cancel`, `stale`, ...). */
  outcome: string;
  reference?: string;
  cause?: string;
}

/** The one writer of `order_payment_updates`: each update received, and the per-source watermark. */
@Injectable()
export class PaymentUpdatesStore {
  /** The newest `occurred_at` applied from `source` (stale updates do not count). */
  async newestApplied(
    m: EntityManager,
    orderId: string,
    kind: UpdateKind,
    source: string,
  ): Promise<Date | undefined> {
    const [row] = (await m.query(
      `SELECT max(occurred_at) AS newest FROM order_payment_updates
        WHERE order_id = $1 AND kind = $2 AND source = $3 AND outcome <> 'stale'`,
      [orderId, kind, source],
    )) as Array<{ newest: Date | null }>;
    return row?.newest ?? undefined;
  }

  async record(m: EntityManager, u: RecordedUpdate): Promise<void> {
    await m.query(
      `INSERT INTO order_payment_updates
         (order_id, kind, source, status, occurred_at, outcome, reference, cause)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        u.orderId,
        u.kind,
        u.source,
        u.status,
        u.occurredAt.toISOString(),
        u.outcome,
        u.reference ?? null,
        u.cause ?? null,
      ],
    );
  }
}
