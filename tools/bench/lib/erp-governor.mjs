// Issue 12 B: every service calling the simulated ERP at once, the ERP's limit lowered mid-run.
// Shows: the ERP's (admitted) peak never above its limit, throughput against what the lowered
// limit allows, and order creation never starved by the lower priorities.
import { closedLoop, openLoop, progress, sleep } from './http.mjs';
import { channelDelivery } from './payloads.mjs';
import { DC } from './product.mjs';

const count = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);

/**
 * Orders taken to `erp_confirmed` and shipped before the load, so that returns can be opened on
 * them during it (each return's ERP return authorization runs at `return` priority).
 */
async function shippedOrders(product, { fixtures, seed, nextN, count: wanted }) {
  const ids = [];
  await closedLoop({
    concurrency: 4,
    total: wanted,
    task: async () => {
      const d = channelDelivery(fixtures, nextN(), seed);
      const res = await product.client.request(
        'POST',
        `${product.stack.url('order-ingestion')}${d.path}`,
        { body: d.body, headers: d.headers },
      );
      if (res.status === 202) ids.push(res.json()?.orderId);
    },
  });
  const shipped = [];
  const deadline = Date.now() + 120_000;
  const open = new Set(ids);
  while (open.size > 0 && Date.now() < deadline) {
    for (const id of [...open]) {
      const view = (await product.call('order-ingestion', 'GET', `/v1/orders/${id}`)).json();
      if (view?.status !== 'erp_confirmed') continue;
      open.delete(id);
      const fulfillments = (view.fulfillments ?? []).filter((f) => f.type !== 'pickup');
      for (const f of fulfillments) {
        await product.call('order-ingestion', 'POST', '/v1/fulfillment-events', {
          eventId: `gov-${seed}-ship-${f.fulfillmentId}`,
          orderId: id,
          fulfillmentId: f.fulfillmentId,
          type: 'shipped',
          lines: f.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
          locationId: f.locationId ?? DC,
          carrier: 'dhl',
          trackingNumber: `GOV${shipped.length}`,
          occurredAt: new Date().toISOString(),
        });
        shipped.push({ orderId: id, channel: view.channel, lineId: f.lines[0].lineId });
      }
    }
    if (open.size > 0) await sleep(500);
  }
  await sleep(1000); // returns read the shipped quantities from the order
  return shipped;
}

/**
 * Load, all at once: order creations (open loop, order-ingestion, `order` priority), returns
 * on shipped orders (returns' ERP return authorizations, `return` priority), reconciliation
 * on-hand reads (inventory, `inventory` priority), the item-master pull in a loop (master-data,
 * `item-sync`).
 * After `beforeMs` the simulator's limit goes from `limit` to `lowered`; peaks restart a second
 * later (calls admitted before the change may still run); figures are taken from then on.
 */
export async function erpGovernor(
  product,
  {
    fixtures,
    seed,
    nextN,
    erpLatencyMs,
    limit,
    lowered,
    orderRate,
    beforeMs,
    afterMs,
    items = 400,
    inventoryReaders = 6,
    returnRate = 0,
  },
) {
  await product.waitQuiet({ label: 'pipeline before the ERP governor scenario', maxMs: 120_000 });
  await product.simReset();
  const totalMs = beforeMs + afterMs;
  const returnable = returnRate
    ? await shippedOrders(product, {
        fixtures,
        seed,
        nextN,
        count: Math.ceil((returnRate * totalMs) / 1000),
      })
    : [];
  await product.waitQuiet({ label: 'pipeline after shipping', maxMs: 120_000 });
  await product.call('backoffice-simulator', 'POST', '/admin/seed/items', {
    count: items,
    prefix: 'GOV',
  });
  await product.simFaults({ mode: 'up', latencyMs: erpLatencyMs, maxConcurrency: limit });
  const t0 = Date.now();
  const samples = [];
  const errors = new Map();
  const accepted = new Set();
  let running = true;
  const sampler = (async () => {
    while (running) {
      const s = await product.simStats();
      if (s) samples.push({ t: Date.now() - t0, erp: s.erp });
      await sleep(500);
    }
  })();
  const orders = !orderRate
    ? Promise.resolve()
    : openLoop({
        ratePerSecond: orderRate,
        durationMs: totalMs,
        task: async () => {
          const d = channelDelivery(fixtures, nextN(), seed);
          const res = await product.client.request(
            'POST',
            `${product.stack.url('order-ingestion')}${d.path}`,
            { body: d.body, headers: d.headers },
          );
          if (res.status === 202) accepted.add(res.json()?.orderId);
          else count(errors, `order ${res.status}`);
        },
      });
  let returnsOpened = 0;
  const returns = !returnRate
    ? Promise.resolve()
    : openLoop({
        ratePerSecond: returnRate,
        durationMs: totalMs,
        task: async () => {
          const o = returnable.shift();
          if (!o) return;
          const res = await product.call(
            'returns',
            'POST',
            '/v1/returns',
            {
              orderId: o.orderId,
              channel: o.channel,
              locationId: DC,
              resolution: 'refund',
              lines: [{ lineId: o.lineId, quantity: 1, reasonCode: 'wrong_size' }],
            },
            { 'idempotency-key': `gov-return-${o.orderId}-${o.lineId}` },
          );
          if (res.status === 201 || res.status === 202 || res.status === 200) returnsOpened++;
          else count(errors, `return ${res.status}`);
        },
      });
  const inventory = closedLoop({
    concurrency: inventoryReaders,
    durationMs: totalMs,
    task: async () => {
      const res = await product.call('inventory', 'GET', '/v1/reconciliation/erp');
      if (res.status !== 200) count(errors, `reconciliation ${res.status}`);
    },
  });
  const itemSync = closedLoop({
    concurrency: 1,
    durationMs: totalMs,
    task: async () => {
      // A few pages per request, so the loop stops with the others.
      const res = await product.call('master-data', 'POST', '/v1/sync/erp?maxPages=3');
      if (res.status !== 200 && res.status !== 409) count(errors, `item sync ${res.status}`);
    },
  });
  const stop = progress(() => {
    const e = samples.at(-1)?.erp;
    return `ERP governor: admitted ${e?.requests?.admitted ?? 0}, 429 ${e?.requests?.overConcurrency ?? 0}, sales orders ${e?.salesOrders?.created ?? 0}, peak ${e?.peakConcurrency ?? '?'} / limit ${e?.maxConcurrency ?? '?'}`;
  });
  await sleep(beforeMs);
  await product.simFaults({ maxConcurrency: lowered });
  const loweredAt = Date.now() - t0;
  await sleep(Math.max(1000, erpLatencyMs * 2));
  await product.call('backoffice-simulator', 'POST', '/admin/stats/reset-peaks');
  const measuredFrom = Date.now() - t0;
  await Promise.all([orders, returns, inventory, itemSync]);
  stop();
  running = false;
  await sampler;
  const end = await product.simStats();
  await product.simFaults({ mode: 'up', latencyMs: null, maxConcurrency: limit });
  return summarize({
    samples,
    end,
    measuredFrom,
    loweredAt,
    capacity: (lowered * 1000) / erpLatencyMs,
    lowered,
    accepted: accepted.size,
    returnsOpened,
    errors,
    until: totalMs,
    withOrders: Boolean(orderRate),
  });
}

function summarize({
  samples,
  end,
  measuredFrom,
  loweredAt,
  capacity,
  lowered,
  accepted,
  returnsOpened,
  errors,
  until,
  withOrders,
}) {
  // Only while every load still runs: the loops' stragglers would dilute the figure.
  const window = samples.filter((s) => s.t >= measuredFrom && s.t <= until);
  const first = window[0];
  const last = window.at(-1);
  const seconds = first && last && last.t > first.t ? (last.t - first.t) / 1000 : 0;
  const delta = (pick) => (first && last ? pick(last.erp) - pick(first.erp) : 0);
  const admitted = delta((e) => e.requests?.admitted ?? 0);
  const created = delta((e) => e.salesOrders?.created ?? 0);
  const authorized = delta((e) => e.returnAuthorizations?.created ?? 0);
  const throttled = delta((e) => e.requests?.overConcurrency ?? 0);
  // Starvation: a 2-second stretch with orders accepted but no sales order created.
  const stalls = [];
  for (let i = 4; i < window.length; i++) {
    const a = window[i - 4];
    const b = window[i];
    if ((b.erp.salesOrders?.created ?? 0) === (a.erp.salesOrders?.created ?? 0))
      stalls.push(`${a.t}-${b.t} ms`);
  }
  const throughput = seconds ? admitted / seconds : 0;
  const erp = end?.erp ?? {};
  return {
    value: throughput,
    reference: capacity,
    checks: {
      'peak concurrency (admitted, since lowering) <= lowered limit':
        (erp.peakConcurrency ?? Infinity) <= lowered,
      'throughput >= 90% of the lowered capacity': throughput >= 0.9 * capacity,
      ...(withOrders
        ? { 'sales orders created in every 2 s of the window': stalls.length === 0 }
        : {}),
    },
    details: {
      loweredAtMs: loweredAt,
      measuredFromMs: measuredFrom,
      windowSeconds: seconds,
      loweredLimit: lowered,
      capacityPerSecond: capacity,
      admittedPerSecond: throughput,
      salesOrdersPerSecond: seconds ? created / seconds : 0,
      returnAuthorizationsPerSecond: seconds ? authorized / seconds : 0,
      creationShare: admitted ? created / admitted : 0,
      throttledInWindow: throttled,
      peakConcurrencySinceLowering: erp.peakConcurrency,
      peakAttemptedConcurrencySinceLowering: erp.peakAttemptedConcurrency,
      ordersAccepted: accepted,
      returnsOpened,
      returnAuthorizations: erp.returnAuthorizations,
      salesOrdersCreated: erp.salesOrders?.created,
      salesOrdersRepeated: erp.salesOrders?.repeated,
      requests: erp.requests,
      stalls,
      errors: Object.fromEntries(errors),
    },
  };
}
