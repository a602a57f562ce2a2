// The product under load: one function per figure. Each returns a repetition record
// { value, reference?, checks, details } (reference filled in by the runner when it is a ceiling).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { latencySummary, percentile, sustainedRate } from './stats.js';
import { closedLoop, openLoop, progress, sleep } from './http.mjs';
import { channelDelivery } from './payloads.mjs';
import { ADMIN_KEY } from './stack.mjs';
import { DC } from './product.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const count = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
const obj = (map) => Object.fromEntries(map);

/** Sends one channel delivery; records its orderId on the delivery. */
async function deliver(product, d) {
  const res = await product.client.request(
    'POST',
    `${product.stack.url('order-ingestion')}${d.path}`,
    { body: d.body, headers: d.headers },
  );
  const orderId = res.status === 202 ? res.json()?.orderId : undefined;
  return { res, orderId };
}

/** Orders accepted (202) per second by 64 connections: the channel mix, 5% delivered twice, one retry storm. */
export async function ordersAccepted(
  product,
  { fixtures, seed, nextN, concurrency, durationMs, dupShare = 0.05, stormSize = 50 },
) {
  const accepted = new Set();
  const statuses = new Map();
  const errors = new Map();
  const sent = [];
  let duplicates = 0;
  let dupMismatch = 0;
  let storm;
  const started = Date.now();
  const stop = progress(
    () =>
      `orders: ${((Date.now() - started) / 1000).toFixed(0)} s, ${accepted.size} accepted, ${duplicates} duplicates, ${[...errors.values()].reduce((a, b) => a + b, 0)} errors`,
  );
  const record = (d, res, orderId, isDup) => {
    count(statuses, res.status);
    if (res.status === 202 && orderId) {
      if (isDup) {
        duplicates++;
        if (d.orderId && d.orderId !== orderId) dupMismatch++;
      } else accepted.add(orderId);
      d.orderId ??= orderId;
    } else if (!(isDup && res.status === 409))
      count(errors, `${res.status} ${d.channel} ${res.text?.slice(0, 160) ?? res.error}`);
  };
  const latencies = [];
  const elapsed = await closedLoop({
    concurrency,
    durationMs,
    task: async () => {
      if (!storm && Date.now() - started > durationMs * 0.4) {
        // One Shopify webhook (n a multiple of 7, outside the normal id range) sent stormSize times at once.
        storm = channelDelivery(fixtures, 7_000_000 + 7 * (nextN() % 100_000), seed);
        const answers = await Promise.all(
          Array.from({ length: stormSize }, () => deliver(product, storm)),
        );
        storm.ids = new Set(answers.filter((a) => a.orderId).map((a) => a.orderId));
        storm.statuses = answers.map((a) => a.res.status);
        let first = true;
        for (const a of answers) {
          const isNew = first && a.res.status === 202 && !accepted.has(a.orderId);
          if (isNew) first = false;
          record(storm, a.res, a.orderId, !isNew);
        }
        return;
      }
      const dup = sent.length > 0 && Math.random() < dupShare;
      const d = dup
        ? sent[Math.floor(Math.random() * sent.length)]
        : channelDelivery(fixtures, nextN(), seed);
      if (!dup) sent.push(d);
      const { res, orderId } = await deliver(product, d);
      if (!dup && res.status === 202) latencies.push(res.ms);
      record(d, res, orderId, dup || (orderId && accepted.has(orderId)));
    },
  });
  stop();
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  const stormIds = storm?.ids?.size ?? 0;
  return {
    value: (accepted.size * 1000) / elapsed,
    checks: {
      'no errors to channels': errorCount === 0,
      'duplicates answered with the first orderId': dupMismatch === 0,
      'retry storm became one order': stormIds <= 1,
    },
    details: {
      accepted: accepted.size,
      duplicates,
      dupMismatch,
      elapsedMs: Math.round(elapsed),
      statuses: obj(statuses),
      errors: Object.fromEntries([...errors.entries()].slice(0, 5)),
      acceptLatencyMs: latencySummary(latencies),
      retryStorm: storm
        ? { size: stormSize, orderIds: stormIds, statuses: countList(storm.statuses) }
        : undefined,
    },
    orders: [...accepted],
  };
}

const countList = (list) => list.reduce((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

/** Reads GET /v1/orders/{id} for many orders (8 at a time). */
async function views(product, ids) {
  const out = new Map();
  await closedLoop({
    concurrency: 8,
    total: ids.length,
    task: async (_w, i) => {
      const res = await product.call('order-ingestion', 'GET', `/v1/orders/${ids[i]}`);
      if (res.status === 200) out.set(ids[i], res.json());
    },
  });
  return out;
}

/** Waits until the ERP has created `expected` sales orders since `base`, or stops moving. */
async function waitErpCreated(product, base, expected, { stallMs = 20_000, maxMs = 240_000 } = {}) {
  const started = Date.now();
  let last = -1;
  let since = Date.now();
  let lastLog = 0;
  while (Date.now() - started < maxMs) {
    const created = ((await product.simStats())?.erp?.salesOrders?.created ?? 0) - base;
    if (created >= expected) return created;
    if (created !== last) [last, since] = [created, Date.now()];
    else if (Date.now() - since > stallMs) return created;
    if (Date.now() - lastLog > 4000) {
      product.log(`  … ERP sales orders ${created}/${expected}`);
      lastLog = Date.now();
    }
    await sleep(500);
  }
  return last;
}

/** order -> erp_confirmed latency at a steady rate below ERP capacity (simulator latency 50 ms). */
export async function erpLatency(
  product,
  { fixtures, seed, nextN, rate, durationMs, erpLatencyMs, erpConcurrency },
) {
  await product.simFaults({ mode: 'up', latencyMs: erpLatencyMs, maxConcurrency: erpConcurrency });
  const idle = await product.waitQuiet({
    label: 'pipeline before the steady rate',
    maxMs: 360_000,
  });
  const base = (await product.simStats())?.erp?.salesOrders?.created ?? 0;
  const sentAt = new Map();
  const errors = new Map();
  const stop = progress(() => `steady ${rate}/s: ${sentAt.size} orders accepted`);
  await openLoop({
    ratePerSecond: rate,
    durationMs,
    task: async () => {
      const d = channelDelivery(fixtures, nextN(), seed);
      const at = Date.now();
      const { res, orderId } = await deliver(product, d);
      if (orderId) sentAt.set(orderId, at);
      else count(errors, `${res.status} ${d.channel}`);
    },
  });
  stop();
  const created = await waitErpCreated(product, base, sentAt.size);
  const byId = await views(product, [...sentAt.keys()]);
  const latencies = [];
  // Where the time goes, from each order's timeline: intake (sent -> first entry), the pipeline
  // run (-> awaiting_erp), the ERP stage (-> erp_confirmed: claim, permit, call, settle).
  const stages = { intake: [], pipeline: [], erp: [] };
  const statuses = new Map();
  for (const [id, view] of byId) {
    count(statuses, view.status);
    const timeline = view.timeline ?? [];
    const at = (status) => {
      const entry = timeline.find((t) => t.status === status);
      return entry ? Date.parse(entry.at) : undefined;
    };
    const confirmed = at('erp_confirmed');
    if (confirmed === undefined) continue;
    latencies.push(confirmed - sentAt.get(id));
    const first = timeline.length ? Date.parse(timeline[0].at) : undefined;
    const awaiting = at('awaiting_erp');
    if (first !== undefined && awaiting !== undefined) {
      stages.intake.push(first - sentAt.get(id));
      stages.pipeline.push(awaiting - first);
      stages.erp.push(confirmed - awaiting);
    }
  }
  const summary = latencySummary(latencies);
  return {
    value: summary.p99 ?? null,
    reference: erpLatencyMs,
    ...(latencies.length === 0
      ? {
          notMeasured: `no order reached erp_confirmed (statuses ${JSON.stringify(obj(statuses))})`,
        }
      : {}),
    checks: {
      'every order reached erp_confirmed': latencies.length === sentAt.size && sentAt.size > 0,
      'no errors to channels': errors.size === 0,
    },
    details: {
      offeredPerSecond: rate,
      pipelineAtStart: idle,
      orders: sentAt.size,
      erpCreated: created,
      latencyMs: summary,
      stagesMs: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, latencySummary(v)])),
      statuses: obj(statuses),
      errors: obj(errors),
    },
    confirmed: [...byId.values()].filter((v) => v.status === 'erp_confirmed'),
  };
}

/** Cancellations, fulfillment events and returns on confirmed orders: answers per operation. */
export async function lifecycleMix(product, { orders, seed }) {
  const ops = new Map();
  const note = (op, res) => {
    const o = ops.get(op) ?? { count: 0, statuses: {}, ms: [] };
    o.count++;
    o.statuses[res.status] = (o.statuses[res.status] ?? 0) + 1;
    o.ms.push(res.ms);
    ops.set(op, o);
  };
  const cancel = orders.filter((_, i) => i % 5 === 0);
  const ship = orders.filter((_, i) => i % 5 !== 0 && i % 5 !== 4);
  await closedLoop({
    concurrency: 8,
    total: cancel.length + ship.length,
    task: async (_w, i) => {
      if (i < cancel.length) {
        const o = cancel[i];
        note(
          'cancel',
          await product.call(
            'order-ingestion',
            'POST',
            `/v1/orders/${o.orderId}/cancel`,
            { reason: 'customer_request' },
            { 'idempotency-key': `bench-cancel-${o.orderId}` },
          ),
        );
        return;
      }
      const o = ship[i - cancel.length];
      for (const f of o.fulfillments ?? []) {
        const body = {
          eventId: `bench-${seed}-ship-${f.fulfillmentId}`,
          orderId: o.orderId,
          fulfillmentId: f.fulfillmentId,
          type: f.type === 'pickup' ? 'picked_up' : 'shipped',
          lines: f.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
          locationId: f.locationId ?? DC,
          carrier: 'dhl',
          trackingNumber: `BENCH${i}`,
          occurredAt: new Date().toISOString(),
        };
        note(
          'fulfillment event',
          await product.call('order-ingestion', 'POST', '/v1/fulfillment-events', body),
        );
      }
    },
  });
  const returnable = ship.filter((_, i) => i % 2 === 0);
  await sleep(1000); // returns read the shipped quantities from the order
  await closedLoop({
    concurrency: 4,
    total: returnable.length,
    task: async (_w, i) => {
      const o = returnable[i];
      const line = o.lines[0];
      const body = {
        orderId: o.orderId,
        channel: o.channel,
        locationId: DC,
        resolution: 'refund',
        lines: [{ lineId: line.lineId, quantity: 1, reasonCode: 'wrong_size' }],
      };
      note(
        'return',
        await product.call('returns', 'POST', '/v1/returns', body, {
          'idempotency-key': `bench-return-${o.orderId}`,
        }),
      );
    },
  });
  return Object.fromEntries(
    [...ops.entries()].map(([k, o]) => [
      k,
      { count: o.count, statuses: o.statuses, latencyMs: latencySummary(o.ms) },
    ]),
  );
}

/** Availability queries in a child process (autocannon) while movements load the inventory. */
function availabilityProbe(product, { skus, rate, durationSeconds, body }) {
  const cfg = {
    baseUrl: product.stack.url('inventory'),
    apiKey: ADMIN_KEY,
    connections: 4,
    rate,
    durationSeconds,
    ...(body
      ? { paths: ['/v1/availability:query'], body }
      : { paths: skus.map((s) => `/v1/availability/${encodeURIComponent(s)}?channel=shopify`) }),
  };
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [join(here, 'availability-probe.mjs'), JSON.stringify(cfg)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', () => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch {
        resolve({ failed: err.slice(0, 300) || 'no output' });
      }
    });
  });
}

/**
 * `POST /v1/availability:query` of `skus` (1,000) for one channel, `rate` queries/s from a
 * separate process (autocannon, 4 connections): p50/p99 of the whole answer, after `warmUpMs` of
 * the same queries that are not counted.
 */
export async function availabilityQuery(product, { skus, rate, durationMs, warmUpMs = 0 }) {
  const run = (ms) =>
    availabilityProbe(product, {
      skus,
      rate,
      durationSeconds: Math.max(1, Math.round(ms / 1000)),
      body: { skus, channel: 'shopify' },
    });
  // Not counted: the route's first calls run before V8 has optimised its code (a cold process),
  // as the orders' warm-up does for the intake (`warmUp` in run.mjs).
  if (warmUpMs > 0) await run(warmUpMs);
  return run(durationMs);
}

/** Movements applied per second (batched, out of order, duplicated) and availability p99 meanwhile. */
export async function movementsUnderLoad(
  product,
  { nextBatch, concurrency, durationMs, skus, probeRate },
) {
  const outcomes = new Map();
  const errors = new Map();
  const started = Date.now();
  const stop = progress(
    () =>
      `movements: ${((Date.now() - started) / 1000).toFixed(0)} s, applied ${outcomes.get('applied') ?? 0}`,
  );
  const probe = probeRate
    ? availabilityProbe(product, {
        skus,
        rate: probeRate,
        durationSeconds: Math.max(1, Math.round(durationMs / 1000)),
      })
    : null;
  const elapsed = await closedLoop({
    concurrency,
    durationMs,
    task: async () => {
      const res = await product.call('inventory', 'POST', '/v1/inventory/movements', nextBatch());
      if (res.status !== 200)
        return count(errors, `${res.status} ${res.text?.slice(0, 160) ?? res.error}`);
      for (const r of res.json()?.results ?? []) count(outcomes, r.status);
    },
  });
  stop();
  const availability = probe ? await probe : undefined;
  return {
    movements: {
      value: ((outcomes.get('applied') ?? 0) * 1000) / elapsed,
      checks: { 'no failed batches': errors.size === 0 },
      details: { outcomes: obj(outcomes), elapsedMs: Math.round(elapsed), errors: obj(errors) },
    },
    availability,
  };
}

function positionTotals(body) {
  const rows = Array.isArray(body)
    ? body
    : (body?.positions ?? body?.byLocation ?? (body ? [body] : []));
  return rows.reduce(
    (acc, p) => ({
      onHand: acc.onHand + (p.onHand ?? 0),
      reserved: acc.reserved + (p.reserved ?? 0),
    }),
    { onHand: 0, reserved: 0 },
  );
}

/** Reservations per second on one hot SKU (stock units, more requests than stock); never oversold. */
export async function hotReservations(product, { sku, stock, total, concurrency, rep }) {
  await product.receipt(sku, DC, stock, `hot-${rep}`);
  const statuses = new Map();
  const errors = new Map();
  let reservedUnits = 0;
  let reservedCount = 0;
  let lastAt = 0;
  const started = Date.now();
  const stop = progress(() => `reservations on ${sku}: ${reservedCount} reserved`);
  await closedLoop({
    concurrency,
    total,
    task: async (_w, i) => {
      const orderId = `bench-hot-${rep}-${sku}-${i}`;
      const body = { orderId, lineId: '1', sku, quantity: 1, channel: 'shopify' };
      const res = await product.call('inventory', 'POST', '/v1/reservations', body, {
        'idempotency-key': `${orderId}.1`,
      });
      if (res.status !== 201)
        return count(errors, `${res.status} ${res.text?.slice(0, 160) ?? res.error}`);
      const r = res.json();
      count(statuses, r.status);
      const units = (r.allocations ?? []).reduce((a, x) => a + (x.quantity ?? 0), 0);
      reservedUnits += units;
      if (units > 0) {
        reservedCount++;
        lastAt = Date.now();
      }
    },
  });
  stop();
  const pos = await product.call('inventory', 'GET', `/v1/positions/${sku}`);
  const totals = pos.status === 200 ? positionTotals(pos.json()) : undefined;
  const elapsed = lastAt - started;
  return {
    value: elapsed > 0 ? (reservedCount * 1000) / elapsed : null,
    checks: {
      'never oversold (answers)': reservedUnits <= stock,
      'never oversold (position)': totals ? totals.reserved <= totals.onHand : false,
      'no errors': errors.size === 0,
    },
    details: {
      stock,
      requests: total,
      reservedUnits,
      statuses: obj(statuses),
      position: totals,
      errors: obj(errors),
    },
  };
}

/** The ERP calls the simulator logged since the reset, by record kind and status (who hit a 429). */
async function erpCallsByKind(product) {
  const res = await product.call(
    'backoffice-simulator',
    'GET',
    '/admin/calls?system=erp&limit=1000',
  );
  const calls = res.status === 200 ? res.json() : [];
  const kinds = new Map();
  for (const c of Array.isArray(calls) ? calls : []) {
    const record = /\/v1\/([^/?]+)/.exec(c.path ?? '')?.[1] ?? c.path;
    count(kinds, `${c.method} ${record} ${c.status}`);
  }
  return obj(kinds);
}

/** Orders waiting for the ERP right now (up to 200). */
async function awaitingErp(product) {
  const res = await product.call(
    'order-ingestion',
    'GET',
    '/v1/orders?status=awaiting_erp&limit=200',
  );
  return res.status === 200 ? (res.json()?.items?.length ?? 0) : null;
}

/**
 * ERP throughput while offered `factor` x its capacity. The ERP keeps its latency until the
 * backlog is gone; the value is the sustained rate of sales orders created between 10% and 90%
 * of the total (the backlog exists then), peak concurrency comes from the simulator.
 */
export async function erpOverload(
  product,
  { fixtures, seed, nextN, erpLatencyMs, erpConcurrency, factor, durationMs, drainMaxMs },
) {
  const capacity = (erpConcurrency * 1000) / erpLatencyMs;
  await product.waitQuiet({ label: 'pipeline before the overload', maxMs: drainMaxMs });
  await product.simReset();
  await product.simFaults({ mode: 'up', latencyMs: erpLatencyMs, maxConcurrency: erpConcurrency });
  const samples = [];
  const t0 = Date.now();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const [s, awaiting] = await Promise.all([product.simStats(), awaitingErp(product)]);
      if (s)
        samples.push({ t: Date.now() - t0, value: s.erp?.salesOrders?.created ?? 0, awaiting });
      await sleep(1000);
    }
  })();
  const accepted = new Set();
  const errors = new Map();
  const stop = progress(
    () =>
      `overload ${factor}x: ${accepted.size} accepted, ERP created ${samples.at(-1)?.value ?? 0}, awaiting ERP ${samples.at(-1)?.awaiting ?? '?'}`,
  );
  await openLoop({
    ratePerSecond: capacity * factor,
    durationMs,
    task: async () => {
      const d = channelDelivery(fixtures, nextN(), seed);
      const { res, orderId } = await deliver(product, d);
      if (orderId) accepted.add(orderId);
      else count(errors, `${res.status} ${d.channel} ${res.text?.slice(0, 120) ?? res.error}`);
    },
  });
  stop();
  const drained = await product.waitQuiet({
    label: 'ERP backlog (ERP still slow)',
    maxMs: drainMaxMs,
  });
  sampling = false;
  await sampler;
  const stats = await product.simStats();
  const callsByKind = await erpCallsByKind(product);
  await product.simFaults({ mode: 'up', latencyMs: null });
  const throughput = sustainedRate(samples, 0.1, 0.9);
  const total = (samples.at(-1)?.value ?? 0) - (samples[0]?.value ?? 0);
  const window = samples.filter((x) => x.value >= total * 0.1 && x.value <= total * 0.9);
  const backlogged = window.filter((x) => (x.awaiting ?? 0) >= erpConcurrency).length;
  const erp = stats?.erp ?? {};
  return {
    value: throughput,
    reference: capacity,
    checks: {
      'peak concurrency <= ERP_MAX_CONCURRENCY':
        (erp.peakConcurrency ?? Infinity) <= erpConcurrency,
      'no errors to channels': errors.size === 0,
      ...(drained.pending === 0
        ? { 'one ERP sales order per order': (erp.salesOrders?.created ?? 0) === accepted.size }
        : {}),
    },
    details: {
      capacityPerSecond: capacity,
      offeredPerSecond: capacity * factor,
      accepted: accepted.size,
      peakConcurrency: erp.peakConcurrency,
      peakAdmittedConcurrency: erp.peakAdmittedConcurrency,
      maxConcurrency: erp.maxConcurrency,
      requests: erp.requests,
      erpCreated: erp.salesOrders?.created,
      erpRepeated: erp.salesOrders?.repeated,
      maxAwaitingErp: Math.max(0, ...samples.map((x) => x.awaiting ?? 0)),
      windowSamplesWithErpBacklog: `${backlogged}/${window.length}`,
      backlogDrain: drained,
      callsByKind,
      errors: obj(errors),
    },
  };
}

export { percentile };
