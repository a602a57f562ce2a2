import { jetstreamManager, jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Ctx, query } from './context';
import { http } from './http';
import { SCHEMAS } from './infra/stack';
import { readStreams, StreamEvent } from './ordering';

/**
 * `--self-check`: proves the checks are not vacuous. After drain and before reconciliation it
 * - deletes one acknowledged order (the checker must report it lost);
 * - creates, through the simulator's ERP API, a second sales order for another order (same
 *   body, second external id): the order checks must report a duplicate ERP sales order and
 *   "ERP calls doubled" two sales orders for one order;
 * - publishes again, after newer events of its aggregate, a copy of an order's oldest event
 *   (same event id, so consumers' inboxes drop it; a fresh `Nats-Msg-Id`, so JetStream stores
 *   it): "events out of order" must report one event stored after a newer one.
 * The run must then fail with exactly those violations.
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
    `DELETE FROM ${SCHEMAS['order-ingestion']}.orders WHERE channel = $1 AND channel_order_id = $2`,
    [channel, rest.join(':')],
  );
  return [
    `self-check: deleted order ${lostKey}${del.error ? ` (failed: ${del.error})` : ''}`,
    await doubleSalesOrder(ctx, dupKey),
    await reorderAnEvent(ctx),
  ];
}

/** A second sales order for the order `key`, created through the simulator's ERP API. */
async function doubleSalesOrder(ctx: Ctx, key: string): Promise<string> {
  const [channel, ...rest] = key.split(':');
  const found = await query<{ external_id: string; body: Record<string, unknown> }>(
    ctx,
    `SELECT external_id, body FROM ${SCHEMAS['backoffice-simulator']}.sales_order
      WHERE body->>'memo' = $1`,
    [`${channel} order ${rest.join(':')}`],
  );
  const so = found.rows[0];
  if (!so) return `self-check: no ERP sales order for ${key} to double (${found.error ?? 'none'})`;
  const externalId = `${so.external_id}-selfcheck`;
  let status: number | string | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const res = await http({
      method: 'PUT',
      url: `${ctx.stack.url('backoffice-simulator')}/services/rest/record/v1/salesOrder/eid:${externalId}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...so.body, externalId }),
    });
    status = res.status ?? res.error;
    if (res.status === 204 || res.status === 200) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return `self-check: created a second ERP sales order ${externalId} for ${key} (ERP answered ${status})`;
}

/** Publishes a copy of an order's oldest event after its newer ones. */
async function reorderAnEvent(ctx: Ctx): Promise<string> {
  const { events } = await readStreams(ctx.stack.directNatsServers);
  const byKey = new Map<string, StreamEvent[]>();
  for (const e of events.filter((x) => x.stream.endsWith('_RETAIL_ORDERS')))
    byKey.set(e.key, [...(byKey.get(e.key) ?? []), e]);
  const list = [...byKey.values()].find((l) => new Set(l.map((e) => e.sequence)).size > 1);
  if (!list) return 'self-check: no order with two events to reorder';
  const oldest = list.reduce((a, b) => (b.sequence < a.sequence ? b : a));
  const nc = await connect({ servers: ctx.stack.directNatsServers });
  try {
    const stored = await (
      await jetstreamManager(nc)
    ).streams.getMessage(oldest.stream, {
      seq: oldest.streamSeq,
    });
    if (!stored) return `self-check: ${oldest.stream} #${oldest.streamSeq} not found`;
    await jetstream(nc).publish(stored.subject, stored.data, {
      msgID: `selfcheck-reorder-${oldest.id}`,
    });
  } finally {
    await nc.close();
  }
  return `self-check: published again event ${oldest.id} (sequence ${Number(oldest.sequence)}) of ${oldest.key} after its newer events`;
}
