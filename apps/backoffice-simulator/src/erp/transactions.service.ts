import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NsInventoryAdjustmentDto, NsTransactionDto } from './dto/netsuite.dto';
import { WriteOutcome } from './sales-orders.service';

/** The external-id keyed transactions other than sales orders (table names are constants). */
export type TransactionTable = 'return_authorization' | 'credit_memo' | 'inventory_adjustment';

interface TransactionRow {
  table: TransactionTable;
  externalId: string;
  createdFrom: string | null;
  lineCount: number;
  body: unknown;
  correlationId: string;
}

@Injectable()
export class TransactionsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  upsertDocument(
    table: 'return_authorization' | 'credit_memo',
    externalId: string,
    body: NsTransactionDto,
    correlationId: string,
  ): Promise<WriteOutcome> {
    const from = body.createdFrom?.externalId ?? body.createdFrom?.id ?? null;
    const row = {
      table,
      externalId,
      createdFrom: from,
      lineCount: body.item.items.length,
      correlationId,
    };
    return upsert(this.db.manager, { ...row, body: { ...body, externalId } });
  }

  /** A batch moves on-hand once: only the call that creates the adjustment applies its lines. */
  upsertAdjustment(
    externalId: string,
    body: NsInventoryAdjustmentDto,
    correlationId: string,
  ): Promise<WriteOutcome> {
    const lines = body.inventory.items;
    return this.db.transaction(async (manager) => {
      const outcome = await upsert(manager, {
        table: 'inventory_adjustment',
        externalId,
        createdFrom: null,
        lineCount: lines.length,
        body: { ...body, externalId },
        correlationId,
      });
      if (outcome.created) {
        await manager.query(
          `INSERT INTO on_hand (item_id, location_id, quantity)
           SELECT item_id, location_id, sum(delta)::int
             FROM unnest($1::text[], $2::text[], $3::int[]) AS t(item_id, location_id, delta)
            GROUP BY item_id, location_id
           ON CONFLICT (item_id, location_id) DO UPDATE
             SET quantity = on_hand.quantity + EXCLUDED.quantity, updated_at = now()`,
          [
            lines.map((l) => l.item.id),
            lines.map((l) => l.location.id),
            lines.map((l) => l.adjustQtyBy),
          ],
        );
      }
      return outcome;
    });
  }
}

async function upsert(manager: EntityManager, row: TransactionRow): Promise<WriteOutcome> {
  const rows: WriteOutcome[] = await manager.query(
    `INSERT INTO ${row.table} (external_id, created_from, line_count, body, correlation_id)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (external_id) DO UPDATE
       SET repeat_count = ${row.table}.repeat_count + 1, updated_at = now()
     RETURNING id::text AS id, (xmax = 0) AS created`,
    [row.externalId, row.createdFrom, row.lineCount, JSON.stringify(row.body), row.correlationId],
  );
  return rows[0];
}
