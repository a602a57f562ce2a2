import { Ctx, query } from './context';
import { SCHEMAS } from './infra/stack';

/**
 * "ERP calls doubled": one business document must own at most one ERP record of each kind,
 * whatever the retries, crashes and dropped answers. Read from the back-office simulator's own
 * tables (what the ERP holds) and from order-ingestion's timeline (what the pipeline did):
 *
 * - two sales orders for one channel order (memo `<channel> order <channelOrderId>`, else the
 *   order whose `erp_external_id` is the sales order's external id);
 * - two return authorizations or two credit memos for one return (memo `Return <returnId> ...`,
 *   else the external id, which the returns service sets to the return id);
 * - a pipeline step done twice: more than one successful `erp-create` (or `erp-cancel`) entry in
 *   one order's timeline (a rejection carries a reason and is not counted), or any other step's
 *   status transition (same step, same from -> to, no reason) journaled twice for one order.
 */
export type ErpDocument = 'sales order' | 'return authorization' | 'credit memo' | 'pipeline step';

export interface ErpRecordRow {
  document: ErpDocument;
  /** The business key the record belongs to (channel order key, return id, order id + step). */
  key: string;
  /** The ERP record (external id) or, for pipeline steps, the timeline entry id. */
  record: string;
}

export interface ErpDouble {
  document: ErpDocument;
  key: string;
  records: string[];
}

export interface ErpDoublesReport {
  /** Records read per document kind. */
  read: Record<ErpDocument, number>;
  /** Business keys with more than one record, per document kind (exact). */
  counts: Record<ErpDocument, number>;
  /** The first {@link LIST_CAP} doubles, as examples. */
  doubled: ErpDouble[];
  error?: string;
}

const LIST_CAP = 50;
const DOCUMENTS: ErpDocument[] = [
  'sales order',
  'return authorization',
  'credit memo',
  'pipeline step',
];

/** The business key of a sales order: from its memo, else the order that points at it. */
export function salesOrderKey(memo: string | null, orderKey: string | null, externalId: string) {
  const m = /^(\S+) order (.+)$/.exec(memo ?? '');
  return m ? `${m[1]}:${m[2]}` : (orderKey ?? `erp:${externalId}`);
}

/** The return a return authorization or credit memo belongs to: memo `Return <id> ...`. */
export function returnKey(memo: string | null, externalId: string): string {
  const m = /^Return (\S+)/.exec(memo ?? '');
  return m ? m[1] : externalId;
}

/** Groups ERP records by document kind and business key; more than one record is a double. */
export function findErpDoubles(rows: ErpRecordRow[]): ErpDoublesReport {
  const read = Object.fromEntries(DOCUMENTS.map((d) => [d, 0])) as Record<ErpDocument, number>;
  const groups = new Map<string, ErpDouble>();
  for (const r of rows) {
    read[r.document]++;
    const id = `${r.document}\u0000${r.key}`;
    const g = groups.get(id) ?? { document: r.document, key: r.key, records: [] };
    g.records.push(r.record);
    groups.set(id, g);
  }
  const doubled = [...groups.values()].filter((g) => g.records.length > 1);
  const counts = Object.fromEntries(
    DOCUMENTS.map((d) => [d, doubled.filter((x) => x.document === d).length]),
  ) as Record<ErpDocument, number>;
  return { read, counts, doubled: doubled.slice(0, LIST_CAP) };
}

/** One violation line per document kind that has doubles. */
export function erpDoubleViolations(r: ErpDoublesReport): string[] {
  const out: string[] = [];
  for (const d of DOCUMENTS) {
    if (!r.counts[d]) continue;
    const list = r.doubled.filter((x) => x.document === d);
    const what = d === 'pipeline step' ? 'pipeline steps done twice' : `with two ${d}s`;
    out.push(
      `ERP calls doubled: ${r.counts[d]} ${what} (${list
        .slice(0, 3)
        .map((x) => `${x.key}: ${x.records.join(', ')}`)
        .join('; ')}${r.counts[d] > 3 ? ' …' : ''})`,
    );
  }
  if (r.error) out.push(`ERP calls doubled: not checked (${r.error})`);
  return out;
}

/** The simulator's sales orders, each with the channel order key it belongs to. */
export async function salesOrderRecords(
  ctx: Pick<Ctx, 'db'>,
): Promise<{ rows: ErpRecordRow[]; error?: string }> {
  const res = await query<{ memo: string | null; external_id: string; key: string | null }>(
    ctx,
    `SELECT s.body->>'memo' AS memo, s.external_id,
            o.channel || ':' || o.channel_order_id AS key
       FROM ${SCHEMAS['backoffice-simulator']}.sales_order s
       LEFT JOIN ${SCHEMAS['order-ingestion']}.orders o ON o.erp_external_id = s.external_id`,
  );
  const rows = res.rows.map((r) => ({
    document: 'sales order' as const,
    key: salesOrderKey(r.memo, r.key, r.external_id),
    record: r.external_id,
  }));
  return { rows, error: res.error };
}

/** Reads the simulator's ERP records and order-ingestion's timeline of the private cluster. */
export async function erpDoublesCheck(ctx: Pick<Ctx, 'db'>): Promise<ErpDoublesReport> {
  const sim = SCHEMAS['backoffice-simulator'];
  const errors: string[] = [];
  const so = await salesOrderRecords(ctx);
  if (so.error) errors.push(`sales orders: ${so.error}`);
  const rows: ErpRecordRow[] = [...so.rows];
  for (const [table, document] of [
    ['return_authorization', 'return authorization'],
    ['credit_memo', 'credit memo'],
  ] as const) {
    const res = await query<{ memo: string | null; external_id: string }>(
      ctx,
      `SELECT body->>'memo' AS memo, external_id FROM ${sim}.${table}`,
    );
    if (res.error) errors.push(`${document}s: ${res.error}`);
    for (const r of res.rows)
      rows.push({ document, key: returnKey(r.memo, r.external_id), record: r.external_id });
  }
  const steps = await query<{ order_id: string; step: string; id: string }>(
    ctx,
    `SELECT order_id::text, step, id::text FROM ${SCHEMAS['order-ingestion']}.order_timeline
      WHERE step IN ('erp-create', 'erp-cancel') AND reason IS NULL`,
  );
  if (steps.error) errors.push(`order timeline: ${steps.error}`);
  for (const r of steps.rows)
    rows.push({
      document: 'pipeline step',
      key: `order ${r.order_id} ${r.step}`,
      record: `timeline #${r.id}`,
    });
  // Every other step that moved an order (a status transition, no reason): with several
  // replicas racing for one order, the same transition journaled twice is a step done twice.
  const moves = await query<{ order_id: string; step: string; move: string; id: string }>(
    ctx,
    `SELECT order_id::text, step, coalesce(from_status, 'none') || '->' || to_status AS move, id::text
       FROM ${SCHEMAS['order-ingestion']}.order_timeline
      WHERE step NOT IN ('erp-create', 'erp-cancel') AND reason IS NULL
        AND from_status IS DISTINCT FROM to_status`,
  );
  if (moves.error) errors.push(`order timeline transitions: ${moves.error}`);
  for (const r of moves.rows)
    rows.push({
      document: 'pipeline step',
      key: `order ${r.order_id} ${r.step} ${r.move}`,
      record: `timeline #${r.id}`,
    });
  const report = findErpDoubles(rows);
  return errors.length ? { ...report, error: errors.join('; ') } : report;
}
