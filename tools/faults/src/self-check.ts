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
 * - journals one order's pipeline transition twice: "pipeline steps done twice";
 * - (`staleLeaseOnPurpose`, while the lease watch samples) leaves a job running under an expired
 *   lease that no worker serves: "leases: 1 job(s) ... not taken over".
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
    await doubleATransition(ctx),
  ];
}

/**
 * A pipeline step journaled twice, as two replicas running one order's step would: a copy of
 * one status transition of an order's timeline ("pipeline steps done twice" must report it).
 */
async function doubleATransition(ctx: Ctx): Promise<string> {
  const res = await query<{ id: string; order_id: string; step: string }>(
    ctx,
    `INSERT INTO ${SCHEMAS['order-ingestion']}.order_timeline
            (order_id, at, from_status, to_status, step, cause_event_id, reason, transformations)
     SELECT order_id, at, from_status, to_status, step, cause_event_id, reason, transformations
       FROM ${SCHEMAS['order-ingestion']}.order_timeline
      WHERE step NOT IN ('erp-create', 'erp-cancel') AND reason IS NULL
        AND from_status IS DISTINCT FROM to_status
      ORDER BY id LIMIT 1
     RETURNING id::text, order_id::text, step`,
  );
  const row = res.rows[0];
  if (!row) return `self-check: no timeline transition to double (${res.error ?? 'none'})`;
  return `self-check: journaled step ${row.step} of order ${row.order_id} twice (timeline #${row.id})`;
}

/**
 * A job left `running` under a lease expired 40 s ago in a queue no worker serves, as a dead
 * replica's job nobody took over would be: the lease watch must report it. Called while the
 * watch still samples.
 */
export async function staleLeaseOnPurpose(ctx: Ctx): Promise<string> {
  const res = await query(
    ctx,
    `INSERT INTO ${SCHEMAS['order-ingestion']}.jobs (queue, key, state, lease_owner, run_at)
     VALUES ('faults-selfcheck', 'stale-lease', 'running', 'a-dead-replica', now() - interval '40 seconds')
     ON CONFLICT DO NOTHING`,
  );
  return `self-check: left a job running under a lease expired 40 s ago${res.error ? ` (failed: ${res.error})` : ''}`;
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
