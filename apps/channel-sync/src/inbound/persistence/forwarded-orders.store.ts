import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ForwardSource } from '../forward/orders.port';

export interface ForwardedVersion {
  channelUpdatedAt: Date;
  cancelled: boolean;
  orderId: string | null;
  rejectedReason: string | null;
}

/**
 * What channel-sync forwarded, per account and channel order id, with the channel version
 * (last-modified time). A re-pulled order not newer than what was acknowledged is not sent
 * again; a row is written only after order-ingestion's 202, so a crash in between re-sends
 * (order-ingestion de-duplicates) rather than loses.
 */
@Injectable()
export class ForwardedOrdersStore {
  constructor(private readonly db: DataSource) {}

  async find(account: string, channelOrderId: string): Promise<ForwardedVersion | undefined> {
    const rows: Array<Record<string, any>> = await this.db.query(
      `SELECT channel_updated_at, cancelled, order_id, rejected_reason FROM forwarded_orders
        WHERE account = $1 AND channel_order_id = $2`,
      [account, channelOrderId],
    );
    if (rows.length === 0) return undefined;
    const r = rows[0];
    return {
      channelUpdatedAt: r.channel_updated_at,
      cancelled: r.cancelled,
      orderId: r.order_id,
      rejectedReason: r.rejected_reason,
    };
  }

  /** The account and channel order id our order came from (refunds name only our id). */
  async findByOrderId(
    orderId: string,
  ): Promise<{ account: string; channelOrderId: string; cancelled: boolean } | undefined> {
    const rows: Array<Record<string, any>> = await this.db.query(
      `SELECT account, channel_order_id, cancelled FROM forwarded_orders WHERE order_id = $1
        ORDER BY forwarded_at DESC LIMIT 1`,
      [orderId],
    );
    if (rows.length === 0) return undefined;
    const r = rows[0];
    return { account: r.account, channelOrderId: r.channel_order_id, cancelled: r.cancelled };
  }

  /** Records a forwarded version; an older version never overwrites a newer one. */
  async record(
    account: string,
    channelOrderId: string,
    version: {
      channelUpdatedAt: Date;
      cancelled: boolean;
      orderId: string | null;
      source: ForwardSource;
      rejectedReason?: string;
    },
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO forwarded_orders
         (account, channel_order_id, channel_updated_at, cancelled, order_id, source, rejected_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (account, channel_order_id) DO UPDATE
          SET channel_updated_at = EXCLUDED.channel_updated_at, cancelled = EXCLUDED.cancelled,
              order_id = COALESCE(EXCLUDED.order_id, forwarded_orders.order_id),
              source = EXCLUDED.source, rejected_reason = EXCLUDED.rejected_reason,
              forwarded_at = now()
        WHERE forwarded_orders.channel_updated_at <= EXCLUDED.channel_updated_at`,
      [
        account,
        channelOrderId,
        version.channelUpdatedAt,
        version.cancelled,
        version.orderId,
        version.source,
        version.rejectedReason ?? null,
      ],
    );
  }

  async countRejected(): Promise<Array<{ account: string; count: number }>> {
    const rows: Array<{ account: string; count: string }> = await this.db.query(
      `SELECT account, count(*) AS count FROM forwarded_orders
        WHERE rejected_reason IS NOT NULL GROUP BY account`,
    );
    return rows.map((r) => ({ account: r.account, count: Number(r.count) }));
  }
}
