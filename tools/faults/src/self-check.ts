import { Ctx, query } from './context';

/**
 * `--self-check`: proves the checks are not vacuous. After drain and before reconciliation it
 * deletes one acknowledged order (the checker must report it lost) and copies the ERP sales
 * order of another under a second external id (the checker must report a duplicate ERP sales
 * order). The run must then fail with exactly those violations.
 */
export async function corruptOnPurpose(ctx: Ctx): Promise<string[]> {
  const acked = [
    ...new Set(
      ctx.history.entries.filter((e) => e.kind === 'order' && e.type === 'ok').map((e) => e.key),
    ),
  ];
  if (acked.length < 2) return ['self-check: fewer than 2 acknowledged orders, nothing corrupted'];
  const [lostKey, dupKey] = acked;
  const [channel, ...rest] = lostKey.split(':');
  const del = await query(
    ctx,
    `DELETE FROM order_ingestion.orders WHERE channel = $1 AND channel_order_id = $2`,
    [channel, rest.join(':')],
  );
  const [dupChannel, ...dupRest] = dupKey.split(':');
  const copy = await query(
    ctx,
    `INSERT INTO backoffice_simulator.sales_order
       (external_id, entity_id, tran_date, currency, location_id, status, line_count, body, correlation_id, repeat_count)
     SELECT external_id || '-selfcheck', entity_id, tran_date, currency, location_id, status, line_count, body, correlation_id, 0
       FROM backoffice_simulator.sales_order WHERE body->>'memo' = $1`,
    [`${dupChannel} order ${dupRest.join(':')}`],
  );
  return [
    `self-check: deleted order ${lostKey}${del.error ? ` (failed: ${del.error})` : ''}`,
    `self-check: duplicated the ERP sales order of ${dupKey}${copy.error ? ` (failed: ${copy.error})` : ''}`,
  ];
}
