import { Attempt, checkHistory, CheckSummary, KeyVerdict, Observed } from './checker';
import { Ctx, query } from './context';
import { salesOrderRecords } from './erp-doubles';
import type { HistoryEntry } from './http';
import { sleep } from './infra/processes';
import { SCHEMAS } from './infra/stack';

/** Order statuses that need nothing more from the system once the ERP has the order. */
export const SETTLED_STATUSES = ['erp_confirmed', 'partially_fulfilled', 'fulfilled', 'cancelled'];

export interface OrderRow {
  key: string;
  id: string;
  status: string;
  erpState: string;
}

/** Orders as order-ingestion stores them (Q1/Q2), keyed `channel:channelOrderId`. */
export async function loadOrders(ctx: Ctx): Promise<{ rows: OrderRow[]; error?: string }> {
  const res = await query<{
    channel: string;
    channel_order_id: string;
    id: string;
    status: string;
    erp_state: string;
  }>(
    ctx,
    `SELECT channel, channel_order_id, id, status, erp_state FROM ${SCHEMAS['order-ingestion']}.orders`,
  );
  const rows = res.rows.map((r) => ({
    key: `${r.channel}:${r.channel_order_id}`,
    id: r.id,
    status: r.status,
    erpState: r.erp_state,
  }));
  return { rows, error: res.error };
}

/**
 * ERP sales orders per channel order key, read from the simulator's own tables
 * ({@link salesOrderRecords}). Either way one channel order must own at most one sales order.
 */
export async function loadErpSalesOrders(
  ctx: Ctx,
): Promise<{ perKey: Map<string, number>; error?: string }> {
  const res = await salesOrderRecords(ctx);
  const perKey = new Map<string, number>();
  for (const r of res.rows) perKey.set(r.key, (perKey.get(r.key) ?? 0) + 1);
  return { perKey, error: res.error };
}

export interface OrderCheck {
  summary: CheckSummary;
  verdicts: KeyVerdict[];
  stuck: string[];
  erpMissing: string[];
  error?: string;
}

/** Judges the order history of some phases against the stored orders and the ERP. */
export function checkOrders(
  entries: HistoryEntry[],
  orders: OrderRow[],
  erp: Map<string, number>,
  unresolvable: boolean,
): OrderCheck {
  const byKey = new Map<string, OrderRow[]>();
  for (const o of orders) byKey.set(o.key, [...(byKey.get(o.key) ?? []), o]);
  const observed = new Map<string, Observed>();
  for (const [key, rows] of byKey) {
    observed.set(key, {
      records: rows.length,
      ids: rows.map((r) => r.id),
      erpRecords: erp.get(key) ?? 0,
    });
  }
  const attempts: Attempt[] = entries.map((e) => ({
    key: e.key,
    type: e.type,
    status: e.status,
    resultId: e.resultId,
  }));
  const keys = new Set(attempts.map((a) => a.key));
  const { summary, verdicts } = checkHistory(attempts, observed, unresolvable ? keys : new Set());
  const present = verdicts.filter((v) => v.verdict === 'acknowledged' || v.verdict === 'recovered');
  const stuck = present.filter(
    (v) => !SETTLED_STATUSES.includes(byKey.get(v.key)?.[0]?.status ?? ''),
  );
  const erpMissing = present.filter((v) => (erp.get(v.key) ?? 0) === 0);
  return {
    summary,
    verdicts,
    stuck: stuck.map((v) => `${v.key} (${byKey.get(v.key)?.[0]?.status})`),
    erpMissing: erpMissing.map((v) => v.key),
  };
}

/** Unpublished outbox rows per service schema (Q3): must be 0 after drain. */
export async function outboxBacklog(ctx: Ctx): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  for (const schema of ['order_ingestion', 'inventory', 'returns', 'master_data']) {
    const res = await query<{ n: number }>(
      ctx,
      `SELECT count(*)::int AS n FROM ${schema}.outbox WHERE published_at IS NULL`,
    );
    out[schema] = res.error ? `n/a (${res.error})` : res.rows[0].n;
  }
  return out;
}

/**
 * Drain: waits until every order the clients got an answer for is settled (ERP confirmed or
 * beyond) and the outboxes are empty, or the drain budget is spent.
 */
export async function drain(ctx: Ctx, keys: Set<string>, budgetMs: number): Promise<number> {
  const started = Date.now();
  let lastLog = 0;
  while (Date.now() - started < budgetMs) {
    const { rows, error } = await loadOrders(ctx);
    const pending = error
      ? keys.size
      : rows.filter((r) => keys.has(r.key) && !SETTLED_STATUSES.includes(r.status)).length;
    const backlog = Object.values(await outboxBacklog(ctx)).filter(
      (n) => typeof n === 'number' && n > 0,
    );
    if (!error && pending === 0 && backlog.length === 0) return Date.now() - started;
    if (Date.now() - lastLog > 5000) {
      ctx.log(
        `  drain: ${pending} orders not settled yet, ${backlog.length} outboxes with a backlog`,
      );
      lastLog = Date.now();
    }
    await sleep(1000);
  }
  return Date.now() - started;
}
