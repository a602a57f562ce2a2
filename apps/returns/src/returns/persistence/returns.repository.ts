import { rowsOf } from '@retail/platform-persistence';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ReturnStatus } from '@retail/contracts';
import type { RecordedRefund } from '../domain/refund-drift';
import type { ReturnLineRecord, ReturnRecord } from '../domain/return-record';
import { toReturn } from './row-mapping';

export interface TimelineEntry {
  at: string;
  status: string;
  event: string;
  detail?: unknown;
}

export interface ReturnsPageFilter {
  status?: string;
  /** Where the return started or its order's channel. */
  channel?: string;
  orderId?: string;
  correlationId?: string;
  /** The last return id of the previous page. */
  cursor?: string;
  /** A channel key's channel: only returns started there or of its orders. */
  visibleTo?: string;
  limit: number;
}

/** One row of `GET /v1/returns`. */
export interface ReturnSummary {
  returnId: string;
  orderId: string;
  channel: string;
  orderChannel: string;
  locationId: string;
  resolution: string;
  status: string;
  statusReason?: string;
  currency: string;
  refundTotal?: number;
  createdAt: string;
  updatedAt: string;
}

const PAGE = `SELECT id, order_id, channel, order_channel, location_id, resolution, status,
       status_reason, currency, refund, created_at, updated_at
  FROM returns
 WHERE ($1::text IS NULL OR status = $1)
   AND ($2::text IS NULL OR channel = $2 OR order_channel = $2)
   AND ($3::text IS NULL OR order_id = $3)
   AND ($4::text IS NULL OR id < $4)
   AND ($5::text IS NULL OR channel = $5 OR order_channel = $5)
   AND ($7::text IS NULL OR correlation_id = $7)
 ORDER BY id DESC LIMIT $6`;

// An exchange pays out only the price difference it refunded (ADR 0036), not the credit.
const RECORDED_REFUNDS = `SELECT DISTINCT ON (r.id) r.id, r.order_id, r.status, r.refund_reference, r.currency,
       COALESCE((SELECT sum((p->>'amount')::bigint) FROM jsonb_array_elements(r.exchange->'payments') p
                  WHERE p->>'kind' = 'refund'), (r.refund->>'total')::bigint) AS total, t.at
  FROM returns r
  JOIN return_timeline t ON t.return_id = r.id AND t.event = 'refund'
 WHERE r.refund_reference IS NOT NULL
   AND (($1::timestamptz IS NOT NULL AND t.at >= $1 AND t.at < $2)
        OR r.refund_reference = ANY($3::text[]))
 ORDER BY r.id, t.id`;

/** Returns and their lines (raw SQL: locks and conditional updates stay visible). */
@Injectable()
export class ReturnsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(m: EntityManager, r: ReturnRecord): Promise<void> {
    await m.query(
      `INSERT INTO returns (id, order_id, order_channel, channel, location_id, resolution, status,
         currency, customer_id, order_data, exchange_lines, estimate, approval_reasons, correlation_id,
         exchange)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
      [
        r.id,
        r.orderId,
        r.orderChannel,
        r.channel,
        r.locationId,
        r.resolution,
        r.status,
        r.currency,
        r.customerId ?? null,
        JSON.stringify(r.orderData),
        r.exchangeLines ? JSON.stringify(r.exchangeLines) : null,
        JSON.stringify(r.estimate),
        r.approvalReasons?.length ? JSON.stringify(r.approvalReasons) : null,
        r.correlationId ?? null,
        r.exchange ? JSON.stringify(r.exchange) : null,
      ],
    );
    for (const l of r.lines) await this.insertLine(m, r.id, l);
  }

  private insertLine(m: EntityManager, returnId: string, l: ReturnLineRecord) {
    return m.query(
      `INSERT INTO return_lines (return_id, line_id, sku, erp_item_id, quantity, reason_code,
         serial_numbers, lot_number, unit_price, discount_share, tax_share, pool_quantity, pool_tax,
         restocking_fee_percent, serial_tracked)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
      [
        returnId,
        l.lineId,
        l.sku,
        l.erpItemId,
        l.quantity,
        l.reasonCode,
        JSON.stringify(l.serialNumbers),
        l.lotNumber ?? null,
        l.unitPrice,
        l.discountShare,
        l.taxShare,
        l.poolQuantity,
        l.poolTax,
        l.restockingFeePercent,
        l.serialTracked,
      ],
    );
  }

  async find(
    id: string,
    m: EntityManager = this.db.manager,
    lock = false,
  ): Promise<ReturnRecord | undefined> {
    const [row] = await m.query(`SELECT * FROM returns WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
      id,
    ]);
    if (!row) return undefined;
    const lines = await m.query(
      `SELECT * FROM return_lines WHERE return_id = $1 ORDER BY line_id`,
      [id],
    );
    return toReturn(row, lines);
  }

  /** Moves a return from one of `from` to `to`; false when it was elsewhere (raced or replayed). */
  async transition(
    m: EntityManager,
    id: string,
    from: ReturnStatus[],
    to: ReturnStatus,
    set: Record<string, unknown> = {},
  ): Promise<boolean> {
    const columns = Object.keys(set);
    const assignments = columns.map((c, i) => `, ${c} = $${i + 4}`).join('');
    const values = columns.map((c) => set[c]);
    const rows = await m.query(
      `UPDATE returns SET status = $2, version = version + 1, updated_at = now()${assignments}
       WHERE id = $1 AND status = ANY($3) RETURNING id`,
      [id, to, from, ...values],
    );
    return rowCount(rows) > 0;
  }

  async update(m: EntityManager, id: string, set: Record<string, unknown>): Promise<void> {
    const columns = Object.keys(set);
    const assignments = columns.map((c, i) => `${c} = $${i + 2}`).join(', ');
    await m.query(
      `UPDATE returns SET ${assignments}, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, ...columns.map((c) => set[c])],
    );
  }

  async setLineOutcome(m: EntityManager, id: string, lineId: string, o: Record<string, unknown>) {
    await m.query(
      `UPDATE return_lines SET condition = $3, disposition = $4, notes = $5 WHERE return_id = $1 AND line_id = $2`,
      [id, lineId, o.condition, o.disposition, o.notes ?? null],
    );
  }

  async addTimeline(m: EntityManager, id: string, status: string, event: string, detail?: unknown) {
    await m.query(
      `INSERT INTO return_timeline (return_id, status, event, detail) VALUES ($1, $2, $3, $4)`,
      [id, status, event, detail === undefined ? null : JSON.stringify(detail)],
    );
  }

  /** A page of returns, newest first (ids are UUID v7, so `id < cursor` is the next page). */
  async page(f: ReturnsPageFilter): Promise<ReturnSummary[]> {
    const rows: Array<Record<string, any>> = await this.db.query(PAGE, [
      f.status ?? null,
      f.channel ?? null,
      f.orderId ?? null,
      f.cursor ?? null,
      f.visibleTo ?? null,
      f.limit,
      f.correlationId ?? null,
    ]);
    return rows.map((r) => ({
      returnId: r.id,
      orderId: r.order_id,
      channel: r.channel,
      orderChannel: r.order_channel,
      locationId: r.location_id,
      resolution: r.resolution,
      status: r.status,
      ...(r.status_reason ? { statusReason: r.status_reason } : {}),
      currency: r.currency,
      ...(r.refund?.total !== undefined ? { refundTotal: r.refund.total } : {}),
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    }));
  }

  async timeline(id: string): Promise<TimelineEntry[]> {
    const rows = await this.db.query(
      `SELECT at, status, event, detail FROM return_timeline WHERE return_id = $1 ORDER BY id`,
      [id],
    );
    return rows.map((r: Record<string, any>) => ({
      at: new Date(r.at).toISOString(),
      status: r.status,
      event: r.event,
      ...(r.detail === null ? {} : { detail: r.detail }),
    }));
  }

  async customerReturnsSince(m: EntityManager, customerId: string, days: number): Promise<number> {
    const [row] = await m.query(
      `SELECT count(*)::int AS n FROM returns WHERE customer_id = $1 AND status <> 'rejected'
         AND created_at > now() - make_interval(days => $2)`,
      [customerId, days],
    );
    return row.n;
  }

  /**
   * Erasure (ADR 0035): the inspectors' free-text notes on the customer's returns, the one field
   * where a person may have been written down, are removed; ids, lines and amounts stay (the
   * customer id is the pseudonymous master-data id). How many returns the customer has.
   */
  async eraseCustomer(m: EntityManager, customerId: string): Promise<number> {
    const [row] = await m.query(
      `WITH r AS (SELECT id FROM returns WHERE customer_id = $1),
            l AS (UPDATE return_lines SET notes = NULL
                   WHERE return_id IN (SELECT id FROM r) AND notes IS NOT NULL RETURNING 1)
       SELECT (SELECT count(*) FROM r)::int AS n`,
      [customerId],
    );
    return row.n;
  }

  async recordRefundException(m: EntityManager, id: string, channel: string, reason: string) {
    await m.query(
      `INSERT INTO refund_exceptions (return_id, channel, reason) VALUES ($1, $2, $3)`,
      [id, channel, reason],
    );
  }

  /**
   * Refunds paid out for returns: those recorded in [from, to) (the refund step's timeline
   * entry), and those with any of `refundIds`, whenever recorded.
   */
  async recordedRefunds(
    window: { from: Date; to: Date } | undefined,
    refundIds: readonly string[] = [],
  ): Promise<RecordedRefund[]> {
    const rows: Array<Record<string, any>> = await this.db.query(RECORDED_REFUNDS, [
      window?.from ?? null,
      window?.to ?? null,
      [...refundIds],
    ]);
    return rows.map((r) => ({
      returnId: r.id,
      orderId: r.order_id,
      status: r.status,
      refundId: r.refund_reference,
      amount: Number(r.total),
      currency: r.currency,
      refundedAt: new Date(r.at).toISOString(),
    }));
  }
}

/** pg returns `[rows, count]` for UPDATE ... RETURNING through TypeORM's query(). */
export function rowCount(result: unknown): number {
  const rows = rowsOf(result);
  return Array.isArray(rows) ? rows.length : 0;
}
