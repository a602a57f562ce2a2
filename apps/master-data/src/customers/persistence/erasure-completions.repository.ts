import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ErasureCompletion } from '../domain/erasure-progress';

// A repeated confirmation (a replay, a service erasing again) keeps the latest one.
const RECORD = `INSERT INTO customer_erasure_completion
    (customer_id, service, completed_at, orders_erased, event_id)
  VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (customer_id, service) DO UPDATE
    SET completed_at = excluded.completed_at, orders_erased = excluded.orders_erased,
        event_id = excluded.event_id, recorded_at = now()
    WHERE customer_erasure_completion.completed_at <= excluded.completed_at`;

const OF_CUSTOMER = `SELECT service, completed_at AS "completedAt", orders_erased AS "ordersErased"
  FROM customer_erasure_completion WHERE customer_id = $1 ORDER BY service`;

/** The one writer and reader of `customer_erasure_completion`. */
@Injectable()
export class ErasureCompletionsRepository {
  constructor(private readonly db: DataSource) {}

  async record(
    m: EntityManager,
    customerId: string,
    completion: ErasureCompletion,
    eventId: string,
  ): Promise<void> {
    await m.query(RECORD, [
      customerId,
      completion.service,
      completion.completedAt,
      completion.ordersErased ?? null,
      eventId,
    ]);
  }

  async of(customerId: string): Promise<ErasureCompletion[]> {
    const rows: Array<{ service: string; completedAt: Date; ordersErased: number | null }> =
      await this.db.query(OF_CUSTOMER, [customerId]);
    return rows.map((r) => ({
      service: r.service,
      completedAt: r.completedAt.toISOString(),
      ...(r.ordersErased !== null ? { ordersErased: r.ordersErased } : {}),
    }));
  }
}
