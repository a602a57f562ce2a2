import { Injectable } from '@nestjs/common';
import { Principal, ProblemException } from '@retail/platform-http';
import { DataSource } from 'typeorm';
import type { ListOrdersQuery } from './list-orders.query';

export interface OrderSummary {
  orderId: string;
  channel: string;
  channelOrderId: string;
  status: string;
  statusReason?: string;
  erp: { salesOrderId?: string; state: string };
  createdAt: string;
}

/**
 * Keyset pagination, newest first: order ids are UUID v7 (time-ordered), so `id < cursor` is
 * the next page, stable under concurrent inserts and index-only deep into the list.
 */
@Injectable()
export class ListOrdersHandler {
  constructor(private readonly db: DataSource) {}

  async execute(query: ListOrdersQuery, principal: Principal) {
    const channel = this.channelFor(query, principal);
    const limit = Number(query.limit ?? 50);
    const olderThan = query.olderThanMinutes ? Number(query.olderThanMinutes) : null;
    const rows = await this.db.query(
      `SELECT id, channel, channel_order_id, status, status_reason, erp_state, erp_sales_order_id,
              created_at
         FROM orders
        WHERE ($1::text IS NULL OR channel = $1) AND ($2::text IS NULL OR status = $2)
          AND ($3::uuid IS NULL OR id < $3::uuid) AND ($5::text IS NULL OR correlation_id = $5)
          AND ($6::text IS NULL OR strpos(lower(status_reason), lower($6)) > 0)
          AND ($7::int IS NULL OR created_at <= now() - make_interval(mins => $7::int))
        ORDER BY id DESC LIMIT $4`,
      [
        channel ?? null,
        query.status ?? null,
        query.cursor ?? null,
        limit + 1,
        query.correlationId ?? null,
        query.reason ?? null,
        olderThan,
      ],
    );
    const items: OrderSummary[] = rows.slice(0, limit).map((r: Record<string, any>) => ({
      orderId: r.id,
      channel: r.channel,
      channelOrderId: r.channel_order_id,
      status: r.status,
      ...(r.status_reason ? { statusReason: r.status_reason } : {}),
      erp: {
        ...(r.erp_sales_order_id ? { salesOrderId: r.erp_sales_order_id } : {}),
        state: r.erp_state,
      },
      createdAt: (r.created_at as Date).toISOString(),
    }));
    const nextCursor = rows.length > limit ? items[items.length - 1].orderId : undefined;
    return { items, ...(nextCursor ? { nextCursor } : {}) };
  }

  /** A channel key sees only its own channel's orders. */
  private channelFor(query: ListOrdersQuery, principal: Principal): string | undefined {
    if (principal.kind !== 'channel') return query.channel;
    if (query.channel && query.channel !== principal.channel)
      throw new ProblemException(
        403,
        'forbidden',
        `This key may only act for channel "${principal.channel}"`,
      );
    return principal.channel;
  }
}
