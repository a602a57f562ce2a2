import { Ctx, query } from './context';
import type { FaultPhase } from './faults';
import { simulatorFaults } from './faults';
import { http, json } from './http';
import { sleep } from './infra/processes';
import { ADMIN_KEY } from './infra/stack';
import { adminHeaders, post } from './load';

export const WMS_PHASE = 'wms-delayed-acks';

/** Orders handed to the WMS by the bridge of this run: orderId -> fulfilment request ids. */
const bridged = new Map<string, string[]>();
const lastStatus = new Map<string, string>();

export interface WmsReport {
  ordersHandedToWms: number;
  /** Acknowledged orders of the phase not ERP-confirmed before the bridge gave up (not judged). */
  notHandedOver: number;
  fulfillmentRequests: number;
  /** Orders handed to the WMS that are not `fulfilled` after drain (must be 0). */
  notFulfilled: string[];
  /** Reservations consumed by more than one shipment (must be 0). */
  consumedTwice: string[];
  reservationsConsumed: number;
  notRun?: string;
}

async function orderView(ctx: Ctx, orderId: string): Promise<any | undefined> {
  const res = await http({
    method: 'GET',
    url: `${ctx.stack.url('order-ingestion')}/v1/orders/${orderId}`,
    headers: adminHeaders,
    timeoutMs: 3000,
  });
  return res.status === 200 ? res.json : undefined;
}

/**
 * Hands a confirmed order to the WMS simulator, once per fulfilment instruction and then once
 * more (a duplicate request, as a retrying bridge sends), with the order service's
 * /v1/fulfillment-events as the callback. The WMS confirms shipment after its configured delay.
 */
async function handToWms(ctx: Ctx, orderId: string, view: any): Promise<void> {
  const ids: string[] = [];
  for (const f of view.fulfillments ?? []) {
    const body = {
      requestId: `${f.fulfillmentId}`,
      orderId,
      fulfillmentId: f.fulfillmentId,
      locationId: f.locationId ?? ctx.catalog.dc,
      lines: f.lines.map((l: any) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity })),
      callbackUrl: `${ctx.stack.url('order-ingestion')}/v1/fulfillment-events`,
      callbackHeaders: { 'x-api-key': ADMIN_KEY },
    };
    for (let copy = 0; copy < 2; copy++)
      await post(
        `${ctx.stack.url('backoffice-simulator')}/wms/v1/fulfillment-requests`,
        json(body),
        {},
      );
    ids.push(f.fulfillmentId);
  }
  bridged.set(orderId, ids);
}

/** Looks at orders 8 at a time and hands the ERP-confirmed ones to the WMS. */
async function bridgeConfirmed(ctx: Ctx, orderIds: string[]): Promise<void> {
  for (let i = 0; i < orderIds.length; i += 8) {
    await Promise.all(
      orderIds.slice(i, i + 8).map(async (orderId) => {
        const view = await orderView(ctx, orderId);
        lastStatus.set(orderId, view?.status ?? 'unreadable');
        if (view?.status === 'erp_confirmed') await handToWms(ctx, orderId, view);
      }),
    );
  }
}

/**
 * F16: WMS acknowledgements delayed (shipment confirmations 1.5-3 s late), requests sent twice,
 * and order-ingestion SIGKILLed while confirmations are pending (the WMS retries its callbacks).
 * Every shipped order must end `fulfilled` with each reservation consumed exactly once.
 */
export const wmsPhase: FaultPhase = {
  name: WMS_PHASE,
  description:
    'WMS shipment confirmations delayed 1.5-3 s, fulfilment requests sent twice, order-ingestion SIGKILLed while confirmations are pending',
  inject: async (ctx, note) => {
    const delay = ctx.rng.int(1500, 3000);
    await simulatorFaults(ctx, { wms: { shipmentDelayMs: delay } });
    note(`WMS shipment confirmations delayed ${delay} ms`);
    const deadline = Date.now() + ctx.profile.phaseSpanMs + 90_000;
    let killed = false;
    while (Date.now() < deadline) {
      const acked = new Map(
        ctx.history
          .of('order', WMS_PHASE)
          .filter((e) => e.type === 'ok' && e.resultId)
          .map((e) => [e.resultId!, e.key]),
      );
      const settled = new Set(
        ctx.history
          .of('order', WMS_PHASE)
          .filter((e) => e.type !== 'info')
          .map((e) => e.key),
      ).size;
      await bridgeConfirmed(
        ctx,
        [...acked.keys()].filter((id) => !bridged.has(id)),
      );
      if (!killed && bridged.size >= Math.min(10, Math.ceil(ctx.profile.ordersPerPhase / 3))) {
        const pid = ctx.stack.pid('order-ingestion');
        await ctx.stack.kill('order-ingestion');
        note(`SIGKILL order-ingestion (pid ${pid}) with ${bridged.size} orders at the WMS`);
        note(`order-ingestion restarted, ready=${await ctx.stack.restart('order-ingestion')}`);
        killed = true;
      }
      if (settled >= ctx.profile.ordersPerPhase && bridged.size >= acked.size) break;
      await sleep(500);
    }
    note(`${bridged.size} orders handed to the WMS`);
    const left = [...lastStatus].filter(([id]) => !bridged.has(id));
    if (left.length)
      note(
        `${left.length} not handed over in time (status last seen): ${left
          .slice(0, 10)
          .map(([id, st]) => `${id} ${st}`)
          .join(', ')}`,
      );
  },
};

/** After drain: every bridged order fulfilled, every reservation consumed once. */
export async function verifyWms(ctx: Ctx, budgetMs: number): Promise<WmsReport> {
  const ids = [...bridged.keys()];
  const requests = [...bridged.values()].reduce((a, l) => a + l.length, 0);
  const deadline = Date.now() + budgetMs;
  let notFulfilled = ids;
  while (Date.now() < deadline) {
    const res = await query<{ id: string; status: string }>(
      ctx,
      `SELECT id::text, status FROM order_ingestion.orders WHERE id::text = ANY($1)`,
      [ids],
    );
    notFulfilled = ids.filter((id) => res.rows.find((r) => r.id === id)?.status !== 'fulfilled');
    if (!notFulfilled.length) break;
    await sleep(1000);
  }
  const rows = await query<{ id: string; state: string; shipments: number; allocations: number }>(
    ctx,
    `SELECT r.id::text, r.state,
            (SELECT count(*)::int FROM inventory.movements m WHERE m.reservation_id = r.id AND m.type = 'shipment') AS shipments,
            (SELECT count(*)::int FROM inventory.reservation_allocations a WHERE a.reservation_id = r.id) AS allocations
       FROM inventory.reservations r WHERE r.order_id = ANY($1)`,
    [ids],
  );
  const consumedTwice = rows.rows
    .filter((r) => r.shipments > r.allocations)
    .map((r) => `${r.id}: ${r.shipments} shipments for ${r.allocations} allocations`);
  return {
    ordersHandedToWms: ids.length,
    notHandedOver: [...lastStatus.keys()].filter((id) => !bridged.has(id)).length,
    fulfillmentRequests: requests * 2,
    notFulfilled,
    consumedTwice,
    reservationsConsumed: rows.rows.filter((r) => r.state === 'consumed').length,
    ...(rows.error ? { notRun: `inventory reconciliation: ${rows.error}` } : {}),
  };
}
