import { Injectable } from '@nestjs/common';
import { rowsOf } from '@retail/platform-persistence';
import type { Queryable } from '@retail/platform-jobs';
import type { AvailabilityTarget } from '../domain/availability-targets';

/** A pending row: what the channel should show, and since when we know it. */
export interface PendingAvailability {
  channelSku: string;
  location: string;
  sku: string;
  quantity: number;
  version: number;
  changedAt: Date;
  /** The oldest change not yet on the channel (what a push of this row carries since). */
  pendingSince: Date;
}

export interface RefusedAvailability extends PendingAvailability {
  refused: string;
  refusedAt: Date;
}

/** A target of one account at one inventory sequence (`version`). */
export interface VersionedTarget extends AvailabilityTarget {
  account: string;
  version: number;
  changedAt: string;
}

const PENDING = 'pushed_version IS DISTINCT FROM version AND refused IS NULL';

/**
 * `outbound_availability`, written only here: per account, channel SKU and channel location the
 * latest figure (a higher inventory sequence replaces a lower one, an older or repeated event
 * changes nothing) and what the channel last accepted. A row is pending while they differ.
 */
@Injectable()
export class OutboundAvailabilityStore {
  /**
   * Latest value wins, for many accounts in one statement: per account, channel SKU and location
   * the highest `version` of `rows` replaces a lower stored one (an older or repeated figure
   * changes nothing). Rows are written in key order, so concurrent calls lock in the same order.
   * Returns the accounts with a row that became (or stays) pending with a new figure.
   */
  async upsertLatest(q: Queryable, rows: VersionedTarget[]): Promise<string[]> {
    const latest = latestPerTarget(rows);
    if (latest.size === 0) return [];
    const result: unknown = await q.query(
      `WITH t AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS t(account text, "channelSku" text, location text, sku text, quantity int,
                version bigint, "changedAt" timestamptz, "pendingSince" timestamptz)
       ), up AS (
         INSERT INTO outbound_availability
           (account, channel_sku, location, sku, quantity, version, changed_at, pending_since)
         SELECT t.account, t."channelSku", t.location, t.sku, t.quantity, t.version,
                t."changedAt", t."pendingSince"
           FROM t ORDER BY t.account, t."channelSku", t.location
         ON CONFLICT (account, channel_sku, location) DO UPDATE
            SET quantity = EXCLUDED.quantity, version = EXCLUDED.version, sku = EXCLUDED.sku,
                changed_at = EXCLUDED.changed_at, refused = NULL, refused_at = NULL,
                queued_at = CASE WHEN outbound_availability.pushed_version
                                      IS DISTINCT FROM outbound_availability.version
                                 THEN outbound_availability.queued_at ELSE now() END,
                pending_since = CASE WHEN outbound_availability.pushed_version
                                          IS DISTINCT FROM outbound_availability.version
                                     THEN COALESCE(outbound_availability.pending_since,
                                                   EXCLUDED.pending_since)
                                     ELSE EXCLUDED.pending_since END
          WHERE outbound_availability.version < EXCLUDED.version
         RETURNING account
       ) SELECT DISTINCT account FROM up ORDER BY account`,
      [JSON.stringify([...latest.values()])],
    );
    return rowsOf<{ account: string }>(result).map((r) => r.account);
  }

  /** The oldest pending rows of an account. */
  async pending(q: Queryable, account: string, limit: number): Promise<PendingAvailability[]> {
    const rows: Array<Record<string, any>> = await q.query(
      `SELECT channel_sku, location, sku, quantity, version, changed_at, pending_since
         FROM outbound_availability WHERE account = $1 AND ${PENDING}
        ORDER BY queued_at, channel_sku, location LIMIT $2`,
      [account, limit],
    );
    return rows.map(toPending);
  }

  /** The channel accepted these figures: pending no more unless a newer one came meanwhile. */
  async accepted(q: Queryable, account: string, rows: PendingAvailability[]): Promise<void> {
    if (rows.length === 0) return;
    await q.query(
      `UPDATE outbound_availability o
          SET pushed_version = r.version, pushed_quantity = r.quantity, pushed_at = now()
         FROM jsonb_to_recordset($2::jsonb) AS r("channelSku" text, location text,
                                                 version bigint, quantity int)
        WHERE o.account = $1 AND o.channel_sku = r."channelSku" AND o.location = r.location
          AND o.version = r.version`,
      [account, JSON.stringify(rows)],
    );
  }

  /** The channel refused this figure: kept with its answer, skipped until replayed or newer. */
  async refused(q: Queryable, account: string, row: PendingAvailability, answer: string) {
    await q.query(
      `UPDATE outbound_availability SET refused = $5, refused_at = now()
        WHERE account = $1 AND channel_sku = $2 AND location = $3 AND version = $4`,
      [account, row.channelSku, row.location, row.version, answer.slice(0, 4000)],
    );
  }

  async listRefused(q: Queryable, account: string, limit = 500): Promise<RefusedAvailability[]> {
    const rows: Array<Record<string, any>> = await q.query(
      `SELECT channel_sku, location, sku, quantity, version, changed_at, refused, refused_at
         FROM outbound_availability WHERE account = $1 AND refused IS NOT NULL
        ORDER BY refused_at LIMIT $2`,
      [account, limit],
    );
    return rows.map((r) => ({ ...toPending(r), refused: r.refused, refusedAt: r.refused_at }));
  }

  /** Refused rows pending again (all, or those of `channelSkus`); returns how many. */
  async replay(q: Queryable, account: string, channelSkus?: string[]): Promise<number> {
    const result: unknown = await q.query(
      `WITH u AS (UPDATE outbound_availability SET refused = NULL, refused_at = NULL,
                         queued_at = now(), pending_since = now()
                   WHERE account = $1 AND refused IS NOT NULL
                     AND ($2::text[] IS NULL OR channel_sku = ANY($2::text[]))
                  RETURNING 1) SELECT count(*)::int AS n FROM u`,
      [account, channelSkus ?? null],
    );
    return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
  }

  /** Marks rows pending again (reconciliation found the channel showing something else). */
  async repush(
    q: Queryable,
    account: string,
    keys: Array<{ channelSku: string; location: string }>,
  ) {
    if (keys.length === 0) return;
    await q.query(
      `UPDATE outbound_availability o SET pushed_version = NULL, queued_at = now(),
                                          pending_since = now()
         FROM jsonb_to_recordset($2::jsonb) AS k("channelSku" text, location text)
        WHERE o.account = $1 AND o.channel_sku = k."channelSku" AND o.location = k.location`,
      [account, JSON.stringify(keys)],
    );
  }

  /** Every row of an account (ours vs what the channel accepted), for reconciliation. */
  async all(
    q: Queryable,
    account: string,
  ): Promise<Array<PendingAvailability & { pushedQuantity: number | null }>> {
    const rows: Array<Record<string, any>> = await q.query(
      `SELECT channel_sku, location, sku, quantity, version, changed_at, pushed_quantity
         FROM outbound_availability WHERE account = $1 ORDER BY channel_sku, location`,
      [account],
    );
    return rows.map((r) => ({
      ...toPending(r),
      pushedQuantity: r.pushed_quantity === null ? null : Number(r.pushed_quantity),
    }));
  }

  /** Per account: pending rows and the oldest pending since. */
  async depth(
    q: Queryable,
  ): Promise<Array<{ account: string; pending: number; oldest: Date | null; refused: number }>> {
    const rows: Array<Record<string, any>> = await q.query(
      `SELECT account,
              count(*) FILTER (WHERE ${PENDING})::int AS pending,
              min(queued_at) FILTER (WHERE ${PENDING}) AS oldest,
              count(*) FILTER (WHERE refused IS NOT NULL)::int AS refused
         FROM outbound_availability GROUP BY account`,
    );
    return rows.map((r) => ({
      account: r.account,
      pending: r.pending,
      oldest: r.oldest,
      refused: r.refused,
    }));
  }
}

function toPending(r: Record<string, any>): PendingAvailability {
  return {
    channelSku: r.channel_sku,
    location: r.location,
    sku: r.sku,
    quantity: Number(r.quantity),
    version: Number(r.version),
    changedAt: r.changed_at,
    pendingSince: r.pending_since ?? r.changed_at,
  };
}

/**
 * Per account, channel SKU and location, the highest version of `rows`, with `pendingSince` the
 * earliest `changedAt` of the figures it replaces in this batch: a burst coalesced into one
 * batch is pending since its first change, as it would be over several batches (the push's
 * latency counts from it). A figure of the batch older than the stored one can only make it
 * earlier, never later.
 */
function latestPerTarget(
  rows: VersionedTarget[],
): Map<string, VersionedTarget & { pendingSince: string }> {
  const latest = new Map<string, VersionedTarget & { pendingSince: string }>();
  for (const row of rows) {
    const key = JSON.stringify([row.account, row.channelSku, row.location]);
    const kept = latest.get(key);
    const since =
      kept && Date.parse(kept.pendingSince) < Date.parse(row.changedAt)
        ? kept.pendingSince
        : row.changedAt;
    const newest = !kept || kept.version < row.version ? row : kept;
    latest.set(key, { ...newest, pendingSince: since });
  }
  return latest;
}
