import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NsInventoryAdjustmentDto, NsTransactionDto } from './dto/netsuite.dto';
import { RecordRef } from './external-ref';
import { notFound, WriteOutcome } from './sales-orders.service';

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

/** What an operator (or a fault test) changed on a credit memo in the ERP's own UI. */
export interface CreditMemoEdit {
  /** The memo's new body total (a hand-edited amount). */
  total?: number;
  /** `Voided` voids it. */
  status?: 'Open' | 'Voided';
}

/**
 * Credit memos as NetSuite's REST record API returns them: the stored body plus the computed
 * body fields (`total` = line amounts + line tax, `status`), unless an edit overrode them.
 */
@Injectable()
export class CreditMemosService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(ref: RecordRef, baseUrl: string): Promise<Record<string, unknown>> {
    const [column, value] =
      'externalId' in ref ? ['external_id', ref.externalId] : ['id', ref.internalId];
    const rows: { id: string; body: StoredMemo; created_at: Date }[] = await this.db.query(
      `SELECT id::text AS id, body, created_at FROM credit_memo WHERE ${column} = $1`,
      [value],
    );
    if (rows.length === 0)
      throw notFound('creditMemo', 'externalId' in ref ? `eid:${value}` : value);
    const { id, body, created_at } = rows[0];
    const { edit, ...record } = body;
    const status = edit?.status ?? 'Open';
    return {
      links: [{ rel: 'self', href: `${baseUrl}/services/rest/record/v1/creditMemo/${id}` }],
      ...record,
      id,
      tranId: `CM${id}`,
      total: edit?.total ?? computedTotal(record),
      status: { id: status === 'Voided' ? 'V' : 'A', refName: status },
      createdDate: created_at.toISOString(),
    };
  }

  /** Deletes the memo (as a NetSuite user with the permission can); false when none. */
  async delete(externalId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH d AS (DELETE FROM credit_memo WHERE external_id = $1 RETURNING 1) SELECT 1 FROM d`,
      [externalId],
    );
    return rows.length > 0;
  }

  /** Overrides the memo's total and/or status; false when there is no such memo. */
  async edit(externalId: string, edit: CreditMemoEdit): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH u AS (UPDATE credit_memo
          SET body = jsonb_set(body, '{edit}', COALESCE(body->'edit', '{}'::jsonb) || $2::jsonb),
              updated_at = now()
        WHERE external_id = $1 RETURNING 1) SELECT 1 FROM u`,
      [externalId, JSON.stringify(edit)],
    );
    return rows.length > 0;
  }
}

type StoredMemo = Partial<NsTransactionDto> & { edit?: CreditMemoEdit };

/** NetSuite's body total: every line's amount (rate x quantity when absent) and its tax. */
function computedTotal(body: Partial<NsTransactionDto>): number {
  const sum = (body.item?.items ?? []).reduce(
    (total, l) => total + (l.amount ?? (l.rate ?? 0) * l.quantity) + (l.tax1Amt ?? 0),
    0,
  );
  // Decimal amounts summed as doubles: round away the binary noise, not a currency's digits.
  return Math.round(sum * 1e6) / 1e6;
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
