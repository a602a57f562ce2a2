// Issue 12 B: every service calling the simulated ERP at once, the ERP's limit lowered mid-run.
// Shows: the ERP's (admitted) peak never above its limit, throughput against what the lowered
// limit allows, and order creation never starved by the lower priorities.
import { closedLoop, openLoop, progress, sleep } from './http.mjs';
import { channelDelivery } from './payloads.mjs';

const count = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);

/**
 * Load, all at once: order creations (open loop, order-ingestion), reconciliation on-hand reads
 * (inventory, `inventory` priority), the item-master pull in a loop (master-data, `item-sync`).
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
  },
) {
  await product.waitQuiet({ label: 'pipeline before the ERP governor scenario', maxMs: 120_000 });
  await product.simReset();
  await product.call('backoffice-simulator', 'POST', '/admin/seed/items', {
    count: items,
    prefix: 'GOV',
  });
  await product.simFaults({ mode: 'up', latencyMs: erpLatencyMs, maxConcurrency: limit });
  const t0 = Date.now();
  const totalMs = beforeMs + afterMs;
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
  await Promise.all([orders, inventory, itemSync]);
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
      creationShare: admitted ? created / admitted : 0,
      throttledInWindow: throttled,
      peakConcurrencySinceLowering: erp.peakConcurrency,
      peakAttemptedConcurrencySinceLowering: erp.peakAttemptedConcurrency,
      ordersAccepted: accepted,
      salesOrdersCreated: erp.salesOrders?.created,
      salesOrdersRepeated: erp.salesOrders?.repeated,
      requests: erp.requests,
      stalls,
      errors: Object.fromEntries(errors),
    },
  };
}
