import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SimulatorHttpError } from '../common/simulator-http.error';
import { NsTransactionDto } from './dto/netsuite.dto';
import { RecordRef } from './external-ref';

export interface WriteOutcome {
  id: string;
  /** True when this call created the record (or the cancellation). */
  created: boolean;
}

const STATUS_NAMES: Record<string, { id: string; refName: string }> = {
  pendingFulfillment: { id: 'B', refName: 'Pending Fulfillment' },
  cancelled: { id: 'C', refName: 'Cancelled' },
};

/** Sales orders keyed by external id. Concurrency is left to PostgreSQL's ON CONFLICT. */
@Injectable()
export class SalesOrdersService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** NetSuite upsert: the first call creates; a repeat updates the body and counts `repeated`. */
  async upsert(
    externalId: string,
    body: NsTransactionDto,
    correlationId: string,
  ): Promise<WriteOutcome> {
    const rows: { id: string; created: boolean }[] = await this.db.query(
      `INSERT INTO sales_order
         (external_id, entity_id, tran_date, currency, location_id, line_count, body, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (external_id) DO UPDATE
         SET repeat_count = sales_order.repeat_count + 1, body = EXCLUDED.body, updated_at = now()
       RETURNING id::text AS id, (xmax = 0) AS created`,
      [
        externalId,
        body.entity.id,
        body.tranDate,
        body.currency.id,
        body.location?.id ?? null,
        body.item.items.length,
        JSON.stringify({ ...body, externalId }),
        correlationId,
      ],
    );
    return rows[0];
  }

  /** Record action `@cancel`; cancelling twice records one cancellation and one repeat. */
  async cancel(externalId: string, correlationId: string): Promise<WriteOutcome> {
    return this.db.transaction(async (manager) => {
      // Wrapped in a SELECT: TypeORM returns [rows, count] for a bare UPDATE ... RETURNING.
      const orders: { id: string }[] = await manager.query(
        `WITH updated AS (
           UPDATE sales_order SET status = 'cancelled', updated_at = now()
            WHERE external_id = $1 RETURNING id
         ) SELECT id::text AS id FROM updated`,
        [externalId],
      );
      if (orders.length === 0) throw notFound('salesOrder', `eid:${externalId}`);
      const rows: { created: boolean }[] = await manager.query(
        `INSERT INTO sales_order_cancellation (sales_order_id, external_id, correlation_id)
         VALUES ($1, $2, $3)
         ON CONFLICT (sales_order_id) DO UPDATE
           SET repeat_count = sales_order_cancellation.repeat_count + 1
         RETURNING (xmax = 0) AS created`,
        [orders[0].id, externalId, correlationId],
      );
      return { id: orders[0].id, created: rows[0].created };
    });
  }

  async find(ref: RecordRef, baseUrl: string): Promise<Record<string, unknown>> {
    const [column, value] =
      'externalId' in ref ? ['external_id', ref.externalId] : ['id', ref.internalId];
    const rows: { id: string; status: string; body: Record<string, unknown>; created_at: Date }[] =
      await this.db.query(
        `SELECT id::text AS id, status, body, created_at FROM sales_order WHERE ${column} = $1`,
        [value],
      );
    if (rows.length === 0)
      throw notFound('salesOrder', 'externalId' in ref ? `eid:${value}` : value);
    const row = rows[0];
    return {
      links: [{ rel: 'self', href: `${baseUrl}/services/rest/record/v1/salesOrder/${row.id}` }],
      ...row.body,
      id: row.id,
      status: STATUS_NAMES[row.status] ?? { id: row.status, refName: row.status },
      createdDate: row.created_at.toISOString(),
    };
  }
}

export function notFound(recordType: string, ref: string): SimulatorHttpError {
  return new SimulatorHttpError(
    404,
    'NONEXISTENT_ID',
    `The record instance does not exist. Provide a valid record instance ID (${recordType} ${ref}).`,
  );
}
