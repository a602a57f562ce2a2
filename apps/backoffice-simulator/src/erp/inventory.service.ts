import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, pageSize } from '../common/cursor';

interface ItemRow {
  seq: string;
  id: string;
  item_id: string;
  display_name: string;
  upc_code: string | null;
  base_price: string | null;
  currency: string | null;
  is_inactive: boolean;
  last_modified: Date;
}

interface BalanceRow {
  item_id: string;
  location_id: string;
  quantity: number;
}

const isSeqKey = (v: unknown): v is { s: string } =>
  typeof v === 'object' && v !== null && typeof (v as { s?: unknown }).s === 'string';
const isBalanceKey = (v: unknown): v is { i: string; l: string } =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { i?: unknown }).i === 'string' &&
  typeof (v as { l?: unknown }).l === 'string';

/** Item master export and on-hand balances, both paged by keyset cursor. */
@Injectable()
export class InventoryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async items(limit: number | undefined, cursor: string | undefined) {
    const size = pageSize(limit);
    const after = decodeCursor(cursor, isSeqKey)?.s ?? '0';
    const rows: ItemRow[] = await this.db.query(
      `SELECT seq::text AS seq, id, item_id, display_name, upc_code, base_price::text AS base_price,
              currency, is_inactive, last_modified
         FROM item WHERE item.seq > $1::bigint ORDER BY item.seq LIMIT $2`,
      [after, size + 1],
    );
    const page = rows.slice(0, size);
    const hasMore = rows.length > size;
    const last = page[page.length - 1];
    return {
      items: page.map(toNsItem),
      hasMore,
      ...(hasMore && last ? { nextCursor: encodeCursor({ s: last.seq }) } : {}),
    };
  }

  async balances(filter: { item?: string; location?: string }, limit?: number, cursor?: string) {
    const size = pageSize(limit);
    const after = decodeCursor(cursor, isBalanceKey);
    const rows: BalanceRow[] = await this.db.query(
      `SELECT item_id, location_id, quantity FROM on_hand
        WHERE ($1::text IS NULL OR item_id = $1) AND ($2::text IS NULL OR location_id = $2)
          AND ($3::text IS NULL OR (item_id, location_id) > ($3::text, $4::text))
        ORDER BY item_id, location_id LIMIT $5`,
      [filter.item ?? null, filter.location ?? null, after?.i ?? null, after?.l ?? null, size + 1],
    );
    const page = rows.slice(0, size);
    const hasMore = rows.length > size;
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({
        item: { id: row.item_id },
        location: { id: row.location_id },
        quantityOnHand: row.quantity,
      })),
      hasMore,
      ...(hasMore && last
        ? { nextCursor: encodeCursor({ i: last.item_id, l: last.location_id }) }
        : {}),
    };
  }
}

function toNsItem(row: ItemRow) {
  return {
    id: row.id,
    itemId: row.item_id,
    displayName: row.display_name,
    ...(row.upc_code ? { upcCode: row.upc_code } : {}),
    isInactive: row.is_inactive,
    // NetSuite sends prices as JSON numbers; numeric(18,4) text parses exactly enough for that.
    ...(row.base_price !== null ? { basePrice: Number(row.base_price) } : {}),
    ...(row.currency ? { currency: row.currency } : {}),
    lastModifiedDate: row.last_modified.toISOString(),
  };
}
