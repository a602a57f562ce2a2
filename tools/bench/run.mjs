#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --reps N] [-- --build]`: throughput and latency of the product
// against the ceilings of the same machine, measured in the same run. See docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { makeClient, sleep } from './lib/http.mjs';
import { BenchStack, SERVICES } from './lib/stack.mjs';
import { Product } from './lib/product.mjs';
import { loadFixtures, CHANNEL_ROUTES, channelDelivery } from './lib/payloads.mjs';
import { movementSource } from './lib/movements.mjs';
import {
  openCeilings,
  durableOrderCeiling,
  movementsCeiling,
  hotRowCeiling,
  dbActivity,
  activityDelta,
  commitsByDatabase,
  CEILING_POOL_SIZE,
} from './lib/ceilings.mjs';
import { machineFacts, versions, rssSampler, cpuMeter, cpuBreakdown } from './lib/machine.mjs';
import * as scenario from './lib/scenarios.mjs';
import { erpGovernor } from './lib/erp-governor.mjs';
import { AV_CHANNELS, availabilityScale, quantile } from './lib/availability-scale.mjs';
import { FIGURES, INVENTORY_FIGURES, LIMITS, ORDER_FIGURES, buildReport } from './lib/figures.mjs';
import report from './lib/report.js';
import { trytonBench, trytonMarkdown } from './lib/tryton.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const quick = flag('--quick');
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';
const log = (msg) => process.stdout.write(`[bench] ${msg}\n`);

/** Sizes of one run. `--quick`: one short repetition to check the tooling. */
const CFG = {
  reps: option('--reps', quick ? 1 : 3),
  orderConcurrency: 64,
  phaseMs: quick ? 4000 : 10_000,
  ordersMs: quick ? 4000 : 8000,
  erpConcurrency: 4,
  erpLatencyMs: 50,
  steadyRate: 5,
  steadyMs: quick ? 6000 : 30_000,
  movementConcurrency: 16,
  movementBatch: 50,
  movementSkus: 200,
  probeRate: 50,
  querySkus: 1000,
  queryRate: 20,
  queryWarmUpMs: 2000,
  hotConcurrency: 64,
  hotStock: quick ? 150 : 800,
  hotExtra: quick ? 50 : 200,
  overloadLatencyMs: 500,
  overloadFactor: 5,
  overloadMs: quick ? 6000 : 10_000,
  drainMaxMs: quick ? 120_000 : 360_000,
  availabilityRate: 200,
  availabilitySkus: 1000,
  availabilityMs: quick ? 20_000 : 60_000,
  availabilityDrainMs: 30_000,
};

/**
 * dist/ (built by `npm run build` when missing or with --build), or with --private-build a
 * snapshot compiled into bench/.dist, so that builds by others sharing the tree (tests rebuild
 * dist/) cannot swap files under the running services.
 */
function ensureBuilt() {
  const tolerant = (fn, distDir) => {
    try {
      fn();
    } catch (e) {
      if (!SERVICES.every((s) => existsSync(join(distDir, 'apps', s, 'src', 'main.js')))) throw e;
      log(`build reported errors (${e.message.split('\n')[0]}); continuing with the emitted files`);
    }
  };
  if (flag('--private-build')) {
    const out = join(root, 'bench', '.dist');
    const bin = (n) => join(root, 'node_modules', '.bin', n);
    log('compiling a private snapshot into bench/.dist (tsc + tsc-alias)');
    tolerant(() => {
      execFileSync(
        bin('tsc'),
        [
          '-p',
          'tsconfig.build.json',
          '--outDir',
          out,
          '--tsBuildInfoFile',
          join(out, '.tsbuildinfo'),
        ],
        { cwd: root, stdio: 'inherit' },
      );
    }, out);
    execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json', '--outDir', out], {
      cwd: root,
      stdio: 'inherit',
    });
    return out;
  }
  const dist = join(root, 'dist');
  const built = SERVICES.every((s) => existsSync(join(dist, 'apps', s, 'src', 'main.js')));
  if (built && !flag('--build')) {
    log('dist/ present (pass --build to rebuild, --private-build for a snapshot of its own)');
    return dist;
  }
  log('building dist/ (npm run build)');
  tolerant(
    () =>
      execFileSync(process.execPath, [join(root, 'tools', 'scripts', 'build.mjs')], {
        cwd: root,
        stdio: 'inherit',
      }),
    dist,
  );
  return dist;
}

/** Database activity (pg_stat_database) around a product phase, per unit of work. */
async function measured(ctx, fn, unitsOf) {
  const prefix = `${ctx.stack.database}_`;
  const before = await dbActivity(ctx.ceil);
  const commitsBefore = await commitsByDatabase(ctx.ceil, prefix);
  const callsBefore = await ctx.product.dependencyCalls();
  const result = await fn();
  await sleep(1000); // statistics are flushed by the backends about once a second
  const after = await dbActivity(ctx.ceil);
  const commitsAfter = await commitsByDatabase(ctx.ceil, prefix);
  const callsAfter = await ctx.product.dependencyCalls();
  const units = unitsOf(result);
  // Every service in its own database: commits per unit of work, service by service.
  const commitsPerUnitByService = Object.fromEntries(
    Object.keys(commitsAfter).map((db) => [
      db.replace(/_/g, '-'),
      units > 0
        ? Math.round(((commitsAfter[db] - (commitsBefore[db] ?? 0)) / units) * 10) / 10
        : null,
    ]),
  );
  // order-ingestion's HTTP calls to each dependency per unit (batched routes count once).
  const callsPerUnitByDependency = Object.fromEntries(
    Object.keys(callsAfter).map((dep) => [
      dep,
      units > 0
        ? Math.round(((callsAfter[dep] - (callsBefore[dep] ?? 0)) / units) * 100) / 100
        : null,
    ]),
  );
  return {
    result,
    db: {
      ...activityDelta(before, after, units),
      commitsPerUnitByService,
      callsPerUnitByDependency,
    },
  };
}

async function ordersStep(ctx, rep) {
  const { product, ceil, fixtures, seed, nextN, record } = ctx;
  const deliveries = (i) => channelDelivery(fixtures, i, seed);
  ctx.step(rep, 'ceiling (1): INSERT raw payload in its own transaction + acked JetStream publish');
  const c1 = await durableOrderCeiling(ceil, {
    concurrency: CFG.orderConcurrency,
    durationMs: CFG.ordersMs,
    deliveries,
  });
  log(`  ceiling (1): ${c1.perSecond.toFixed(1)} orders/s`);
  if (ctx.ordersMissing) {
    record('pipeline_throughput', { notMeasured: ctx.ordersMissing });
    return record('orders_accepted', { notMeasured: ctx.ordersMissing });
  }
  ctx.step(rep, 'orders accepted, channel mix, 64 connections, then the pipeline drains');
  await product.simFaults({
    mode: 'up',
    latencyMs: CFG.erpLatencyMs,
    maxConcurrency: CFG.erpConcurrency,
  });
  const burstAt = new Date();
  const { result, db } = await measured(
    ctx,
    async () => {
      const cpuPerUnit = cpuMeter(product.stack.pid('order-ingestion'));
      const o = await scenario.ordersAccepted(product, {
        fixtures,
        seed,
        nextN,
        concurrency: CFG.orderConcurrency,
        durationMs: CFG.ordersMs,
      });
      // order-ingestion's CPU per accepted order during the burst (intake, and whatever pipeline
      // work got the event loop meanwhile): the 202 path's cost, whatever the machine's load.
      o.details.orderIngestionCpuMsPerAccepted = cpuPerUnit(o.details.accepted);
      log(
        `  accepted ${o.value.toFixed(1)} orders/s (${o.details.accepted}), ${JSON.stringify(o.details.statuses)}, order-ingestion CPU ${o.details.orderIngestionCpuMsPerAccepted?.toFixed(1)} ms per accepted order`,
      );
      const drainCpu = cpuBreakdown(
        Object.fromEntries(SERVICES.map((n) => [n, product.stack.pid(n)]).filter(([, p]) => p)),
      );
      const drain = await product.waitQuiet({
        label: 'pipeline after the order burst',
        maxMs: CFG.drainMaxMs,
      });
      // Where the drain's CPU went, per order drained: the services and the rest of the machine.
      drain.cpuPerOrder = drainCpu(drain.pendingAtStart ?? 0);
      // The orders still in the pipeline when the burst ended, over the time they took to leave
      // it (the quiet period that confirms the end is not counted).
      const rate =
        drain.pending === 0 && drain.settledMs > 0
          ? (drain.pendingAtStart * 1000) / drain.settledMs
          : null;
      // How much of the ERP's concurrency the drain kept in use: below 100% the middleware left
      // slots idle; at 100% the ERP's own service time (its latency and work) is the limit.
      const erpSlotsBusy =
        Number.isFinite(drain.erpBusyMs) && drain.settledMs > 0 && drain.erpMaxConcurrency
          ? drain.erpBusyMs / (drain.settledMs * drain.erpMaxConcurrency)
          : null;
      log(`  pipeline after the burst: ${JSON.stringify({ ...drain, erpSlotsBusy })}`);
      return { o, drain: { ...drain, ordersPerSecond: rate, erpSlotsBusy } };
    },
    (x) => x.o.details.accepted,
  );
  const { o, drain } = result;
  // The first ERP call of the burst: its confirmation minus the ERP's latency.
  const first = await product.firstErpConfirmation(burstAt).catch(() => undefined);
  const firstErpCallMs = first
    ? first.firstConfirmed.getTime() - CFG.erpLatencyMs - first.firstOrder.getTime()
    : null;
  log(
    `  first ERP call ${firstErpCallMs ?? '?'} ms after the burst's first order; the first confirmed order's steps (ms after its accept): ${JSON.stringify(first?.firstConfirmedSteps ?? {})}`,
  );
  record(
    'pipeline_throughput',
    drain.ordersPerSecond
      ? {
          value: drain.ordersPerSecond,
          reference: (CFG.erpConcurrency * 1000) / CFG.erpLatencyMs,
          checks: {
            "first ERP call within 1 s of the burst's first order":
              firstErpCallMs !== null && firstErpCallMs <= 1000,
          },
          details: { ...drain, firstErpCallMs, firstConfirmedSteps: first?.firstConfirmedSteps },
        }
      : { notMeasured: `pipeline did not drain: ${JSON.stringify(drain)}` },
  );
  const commits = db.commitsPerUnitByService?.['order-ingestion'];
  log(
    `  per order: transactions ${JSON.stringify(db.commitsPerUnitByService)}, HTTP calls from order-ingestion ${JSON.stringify(db.callsPerUnitByDependency)}`,
  );
  record(
    'order_commits',
    commits == null
      ? { notMeasured: 'no order accepted' }
      : {
          value: commits,
          reference: 12,
          details: {
            ...db.commitsPerUnitByService,
            httpCallsPerOrder: db.callsPerUnitByDependency,
          },
        },
  );
  record('orders_accepted', {
    value: o.value,
    reference: c1.perSecond,
    checks: o.checks,
    details: {
      ...o.details,
      ceiling: c1,
      pipelineDrainAfterBurst: drain,
      dbPerOrderIncludingPipeline: db,
    },
  });
}

async function latencyStep(ctx, rep) {
  const { product, fixtures, seed, nextN, record } = ctx;
  const missing =
    ctx.ordersMissing ?? product.missing('order-ingestion', 'GET /v1/orders/{orderId}');
  if (missing) {
    record('erp_latency_p99', { notMeasured: missing });
    return record('erp_latency_p50', { notMeasured: missing });
  }
  ctx.step(
    rep,
    `order -> erp_confirmed latency at ${CFG.steadyRate}/s (ERP latency ${CFG.erpLatencyMs} ms)`,
  );
  const l = await scenario.erpLatency(product, {
    fixtures,
    seed,
    nextN,
    rate: CFG.steadyRate,
    durationMs: CFG.steadyMs,
    erpLatencyMs: CFG.erpLatencyMs,
    erpConcurrency: CFG.erpConcurrency,
  });
  record('erp_latency_p99', l);
  record('erp_latency_p50', { ...l, value: l.details.latencyMs.p50 ?? null });
  log(
    `  latency ${JSON.stringify(l.details.latencyMs)}, stages ${JSON.stringify(l.details.stagesMs)}, statuses ${JSON.stringify(l.details.statuses)}`,
  );
  const confirmed = l.confirmed ?? [];
  if (!confirmed.length) return;
  ctx.step(
    rep,
    `lifecycle mix on ${confirmed.length} confirmed orders: cancellations, fulfillment events, returns`,
  );
  ctx.mix.push(await scenario.lifecycleMix(product, { orders: confirmed, seed }));
  log(`  ${JSON.stringify(ctx.mix.at(-1))}`);
}

async function movementsStep(ctx, rep) {
  const { product, ceil, record } = ctx;
  const gen = () =>
    movementSource({
      prefix: `r${rep}-${Math.random().toString(36).slice(2, 6)}`,
      skus: ctx.movementSkus,
      locationId: 'dc-east',
      batchSize: CFG.movementBatch,
    });
  ctx.step(
    rep,
    `ceiling (2): multi-row INSERT of movement batches of ${CFG.movementBatch}, ${CFG.movementConcurrency} workers`,
  );
  const c2 = await movementsCeiling(ceil, {
    concurrency: CFG.movementConcurrency,
    durationMs: CFG.phaseMs,
    nextBatch: gen(),
  });
  log(`  ceiling (2): ${c2.perSecond.toFixed(0)} rows/s`);
  const movMissing = product.missing('inventory', 'POST /v1/inventory/movements');
  const availMissing = product.missing('inventory', 'GET /v1/availability/{sku}');
  if (movMissing) {
    record('movements_applied', { notMeasured: movMissing });
    return record('availability_p99', { notMeasured: movMissing });
  }
  ctx.step(rep, 'inventory movements (batched, out of order, duplicated) + availability queries');
  const lagBefore = await viewLagBuckets(product);
  const cpuPerUnit = cpuMeter(product.stack.pid('inventory'));
  const answered = (x) => Object.values(x.movements.details.outcomes).reduce((a, b) => a + b, 0);
  const { result: m, db } = await measured(
    ctx,
    () =>
      scenario.movementsUnderLoad(product, {
        nextBatch: gen(),
        concurrency: CFG.movementConcurrency,
        durationMs: CFG.phaseMs,
        skus: ctx.movementSkus,
        probeRate: availMissing ? 0 : CFG.probeRate,
      }),
    (x) => answered(x) / CFG.movementBatch,
  );
  // inventory's CPU per movement answered (applied or duplicate) during the load: requests,
  // the batches' transactions, the outbox relay's publishes, the view; whatever the machine's load.
  const inventoryCpuMsPerMovement = cpuPerUnit(answered(m));
  record('movements_applied', {
    ...m.movements,
    reference: c2.perSecond,
    details: { ...m.movements.details, ceiling: c2, dbPerBatch: db, inventoryCpuMsPerMovement },
  });
  log(
    `  movements applied ${m.movements.value.toFixed(0)}/s ${JSON.stringify(m.movements.details.outcomes)}, inventory CPU ${inventoryCpuMsPerMovement?.toFixed(2)} ms per movement`,
  );
  const viewLag = viewLagDuring(lagBefore, await viewLagBuckets(product));
  if (viewLag)
    log(`  availability view lag (heartbeat, commit to view): ${JSON.stringify(viewLag)}`);
  const a = m.availability;
  if (availMissing) return record('availability_p99', { notMeasured: availMissing });
  if (!a || a.failed)
    return record('availability_p99', { notMeasured: `probe failed: ${a?.failed}` });
  record('availability_p99', {
    value: a.p99,
    reference: 10,
    checks: {
      'all queries answered 2xx': a.non2xx === 0 && a.errors === 0,
      'queries answered during the load': a.count > 0,
    },
    details: viewLag ? { ...a, viewLagMs: viewLag } : a,
  });
  log(`  availability p50 ${a.p50} ms, p99 ${a.p99} ms over ${a.count} queries`);
}

/** Cumulative buckets of inventory's availability view lag histogram (ADR 0046), by `le`. */
async function viewLagBuckets(product) {
  const res = await product.call('inventory', 'GET', '/metrics');
  const out = {};
  if (res.status !== 200) return out;
  for (const m of res.text.matchAll(
    /^retail_inventory_availability_view_lag_seconds_bucket\{[^}]*le="([^"]+)"[^}]*\} (\S+)$/gm,
  ))
    out[m[1]] = Number(m[2]);
  return out;
}

/** The view's heartbeat lag during a phase (p50/p99 in ms), or null when the route has none. */
function viewLagDuring(before, after) {
  const delta = Object.fromEntries(
    Object.entries(after).map(([le, n]) => [le, n - (before[le] ?? 0)]),
  );
  const count = delta['+Inf'] ?? 0;
  if (count === 0) return null;
  const ms = (q) => Math.round(quantile(delta, q) * 1000 * 10) / 10;
  return { heartbeats: count, p50: ms(0.5), p99: ms(0.99) };
}

/** `POST /v1/availability:query` of 1,000 SKUs (the 200 moved ones and 800 received once). */
async function availabilityQueryStep(ctx, rep) {
  const { product, record } = ctx;
  const missing = product.missing('inventory', 'POST /v1/availability:query');
  if (missing) return record('availability_query_p99', { notMeasured: missing });
  ctx.step(
    rep,
    `availability:query of ${ctx.querySkus.length} SKUs at ${CFG.queryRate}/s (after ${CFG.queryWarmUpMs / 1000} s not counted)`,
  );
  const a = await scenario.availabilityQuery(product, {
    skus: ctx.querySkus,
    rate: CFG.queryRate,
    durationMs: CFG.phaseMs,
    warmUpMs: CFG.queryWarmUpMs,
  });
  if (!a || a.failed)
    return record('availability_query_p99', { notMeasured: `probe failed: ${a?.failed}` });
  record('availability_query_p99', {
    value: a.p99,
    reference: 10,
    checks: {
      'all queries answered 2xx': a.non2xx === 0 && a.errors === 0,
      'queries answered during the load': a.count > 0,
    },
    details: a,
  });
  log(`  availability:query p50 ${a.p50} ms, p99 ${a.p99} ms over ${a.count} queries`);
}

async function reservationsStep(ctx, rep) {
  const { product, ceil, record } = ctx;
  const sku = ctx.hotSkus[rep];
  const total = CFG.hotStock + CFG.hotExtra;
  ctx.step(
    rep,
    `ceiling (3): hot-row conditional UPDATE on one SKU, ${CFG.hotConcurrency} workers`,
  );
  const c3 = await hotRowCeiling(ceil, {
    concurrency: CFG.hotConcurrency,
    stock: CFG.hotStock,
    total,
    sku,
  });
  log(`  ceiling (3): ${c3.perSecond?.toFixed(0)} updates/s, oversold ${c3.oversold}`);
  const missing = product.missing('inventory', 'POST /v1/reservations', 'GET /v1/positions/{sku}');
  if (missing) return record('reservations_hot', { notMeasured: missing });
  ctx.step(rep, `reservations on hot SKU ${sku}`);
  const { result: h, db } = await measured(
    ctx,
    () =>
      scenario.hotReservations(product, {
        sku,
        stock: CFG.hotStock,
        total,
        concurrency: CFG.hotConcurrency,
        rep,
      }),
    () => total,
  );
  record('reservations_hot', {
    ...h,
    reference: c3.perSecond,
    details: { ...h.details, ceiling: c3, dbPerRequest: db },
  });
  log(`  ${h.value?.toFixed(1)} reservations/s ${JSON.stringify(h.details)}`);
}

async function overloadStep(ctx, rep) {
  const { product, fixtures, seed, nextN, record } = ctx;
  if (ctx.ordersMissing) return record('erp_overload', { notMeasured: ctx.ordersMissing });
  ctx.step(
    rep,
    `ERP overloaded ${CFG.overloadFactor}x (ERP latency ${CFG.overloadLatencyMs} ms, ERP_MAX_CONCURRENCY ${CFG.erpConcurrency})`,
  );
  const e = await scenario.erpOverload(product, {
    fixtures,
    seed,
    nextN,
    erpLatencyMs: CFG.overloadLatencyMs,
    erpConcurrency: CFG.erpConcurrency,
    factor: CFG.overloadFactor,
    durationMs: CFG.overloadMs,
    drainMaxMs: CFG.drainMaxMs,
  });
  record('erp_overload', e);
  log(
    `  ERP throughput ${e.value?.toFixed(2)}/s of ${e.reference}/s; ${JSON.stringify(e.details)}`,
  );
}

/** One repetition: each ceiling right before the product figure it is the reference of. */
async function runRep(ctx, rep) {
  const steps = flag('--inventory')
    ? [movementsStep, availabilityQueryStep, reservationsStep]
    : flag('--orders')
      ? [ordersStep, latencyStep, overloadStep]
      : [
          ordersStep,
          latencyStep,
          movementsStep,
          availabilityQueryStep,
          reservationsStep,
          overloadStep,
        ];
  for (const step of steps) await step(ctx, rep);
  const peaks = ctx.rss.take();
  for (const s of SERVICES)
    ctx.record(
      `rss_${s}`,
      peaks[s] ? { value: peaks[s], reference: 256 } : { notMeasured: 'process not sampled' },
    );
  log(
    `  resident memory peaks (MB): ${JSON.stringify(Object.fromEntries(Object.entries(peaks).map(([k, v]) => [k, Math.round(v)])))}`,
  );
}

async function main() {
  const started = new Date();
  const machine = machineFacts();
  log(
    `machine: ${machine.nproc} CPU, ${machine.memoryGiB.toFixed(1)} GiB, load ${machine.loadAverage.map((x) => x.toFixed(2)).join(' ')}`,
  );
  const distDir = ensureBuilt();
  if (flag('--tryton') || args[args.indexOf('--erp') + 1] === 'tryton')
    return writeTryton(
      await trytonBench({ root, distDir, serverUrl: PG_URL, natsUrl: NATS_URL, quick, log }),
    );
  const id = randomBytes(4).toString('hex');
  const stack = new BenchStack({
    root,
    distDir,
    id,
    serverUrl: PG_URL,
    natsUrl: NATS_URL,
    log,
    env: {
      'order-ingestion': {
        ERP_MAX_CONCURRENCY: String(CFG.erpConcurrency),
        ERP_MAX_RPS: '1000',
        ERP_BREAKER_RESET_MS: '1000',
      },
      'backoffice-simulator': { ERP_SIM_MAX_CONCURRENCY: String(CFG.erpConcurrency) },
      // --availability: every channel gets availability events; channel-sync only pushes (no
      // order pulls or reconcile competing for the channels' budgets).
      ...(flag('--availability')
        ? {
            'channel-sync': {
              CHANNEL_SYNC_SCHEDULE_ENABLED: 'false',
              CHANNEL_SYNC_RECONCILE_INTERVAL_MINUTES: '0',
            },
          }
        : {}),
      // ERP_MAX_CONCURRENCY is the ERP account's ceiling, the same for every service.
      ...Object.fromEntries(
        ['inventory', 'master-data', 'returns'].map((s) => [
          s,
          {
            ERP_MAX_CONCURRENCY: String(CFG.erpConcurrency),
            ERP_MAX_RPS: '1000',
            ...(s === 'master-data' ? { MASTERDATA_ERP_SYNC_PAGE_SIZE: '10' } : {}),
            ...(s === 'inventory' && flag('--availability')
              ? { AVAILABILITY_CHANNELS: AV_CHANNELS.join(',') }
              : {}),
          },
        ]),
      ),
    },
  });
  const client = makeClient(256);
  const product = new Product({ stack, client, log });
  const results = Object.fromEntries(FIGURES.map((f) => [f.id, []]));
  const notes = [];
  let ceil;
  let orderDb;
  let rss;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    rss?.stop();
    await ceil?.close().catch(() => {});
    await orderDb?.end().catch(() => {});
    log('stopping the stack, dropping the bench database and streams');
    await stack.stop();
    client.close();
  };
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    log(`starting the stack (database ${stack.database}, NATS namespace ${stack.namespace})`);
    await stack.start();
    const version = await versions(root, stack.databaseUrl);
    await product.loadRoutes();
    const movementSkus = Array.from(
      { length: CFG.movementSkus },
      (_, i) => `MOV-${String(i).padStart(4, '0')}`,
    );
    const hotSkus = Array.from({ length: CFG.reps }, (_, i) => `HOT-${id}-${i}`);
    const querySkus = [
      ...movementSkus,
      ...Array.from(
        { length: CFG.querySkus - movementSkus.length },
        (_, i) => `AVQ-${String(i).padStart(4, '0')}`,
      ),
    ];
    log('seeding master data, channel mappings and stock');
    try {
      await product.seed([...movementSkus, ...hotSkus]);
    } catch (e) {
      notes.push(`seeding failed: ${e.message}`);
      log(`seeding failed: ${e.message}`);
    }
    ceil = await openCeilings({
      databaseUrl: stack.databaseUrl,
      natsUrl: stack.natsUrl,
      namespace: stack.namespace,
    });
    // Read-only: orders still in the pipeline, in order-ingestion's own database.
    orderDb = new pg.Pool({ connectionString: stack.databaseUrlOf('order-ingestion'), max: 2 });
    product.db = orderDb;
    rss = rssSampler(() => Object.fromEntries(SERVICES.map((s) => [s, stack.pid(s)])));
    let n = 0;
    const ctx = {
      product,
      ceil,
      stack,
      fixtures: loadFixtures(root),
      seed: parseInt(id.slice(0, 5), 16) % 1_000_000,
      nextN: () => n++,
      results,
      rss,
      movementSkus,
      hotSkus,
      querySkus,
      mix: [],
      record: (id, value) => results[id].push(value),
      step: (rep, name) => log(`rep ${rep + 1}/${CFG.reps}: ${name}`),
      ordersMissing: product.missing('order-ingestion', ...CHANNEL_ROUTES.map((p) => `POST ${p}`)),
    };
    if (flag('--availability')) return await availabilityOnly(ctx, started);
    await product.receiveMany(querySkus.slice(movementSkus.length), 'dc-east', 100, 'query');
    if (!flag('--inventory')) await warmUp(ctx);
    if (flag('--erp-governor')) return await erpGovernorOnly(ctx, started);
    for (let rep = 0; rep < CFG.reps; rep++) await runRep(ctx, rep);
    const crashed = stack.crashed();
    if (crashed.length) notes.push(`services that exited during the run: ${crashed.join(', ')}`);
    if (ctx.warmUp) notes.push(`warm-up orders (one per native format): ${ctx.warmUp.join(', ')}`);
    const out = buildReport({
      only: flag('--inventory') ? INVENTORY_FIGURES : flag('--orders') ? ORDER_FIGURES : undefined,
      started,
      machine,
      versions: version,
      cfg: CFG,
      quick,
      results,
      mix: ctx.mix,
      notes,
      poolSize: CEILING_POOL_SIZE,
    });
    writeReport(out, flag('--inventory') ? 'inventory-' : flag('--orders') ? 'orders-' : '');
  } catch (e) {
    log(`failed: ${e.stack ?? e.message}`);
    for (const s of SERVICES)
      if (stack.children.has(s)) log(`--- ${s} (last lines) ---\n${stack.logs(s, 15)}`);
    process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

/** One order of each native format through the whole pipeline: read models warm, JIT warm. */
async function warmUp(ctx) {
  const { product, fixtures, seed, nextN } = ctx;
  if (product.missing('order-ingestion', ...CHANNEL_ROUTES.map((p) => `POST ${p}`))) return;
  log('warm-up: one order per native format through the pipeline');
  await product
    .simFaults({ mode: 'up', latencyMs: null, maxConcurrency: CFG.erpConcurrency })
    .catch(() => {});
  const answers = [];
  for (let i = 0; i < 7; i++) {
    const d = channelDelivery(fixtures, nextN(), seed);
    const res = await product.client.request(
      'POST',
      `${product.stack.url('order-ingestion')}${d.path}`,
      { body: d.body, headers: d.headers },
    );
    answers.push({
      format: d.format,
      status: res.status,
      orderId: res.json()?.orderId,
      text: res.text.slice(0, 200),
    });
  }
  log(
    `  answers: ${answers.map((a) => `${a.format} ${a.status}${a.status >= 300 ? ` ${a.text}` : ''}`).join(', ')}`,
  );
  await product.waitQuiet({ label: 'warm-up orders', maxMs: 90_000 });
  const states = [];
  for (const a of answers.filter((x) => x.orderId)) {
    const view = (await product.call('order-ingestion', 'GET', `/v1/orders/${a.orderId}`)).json();
    states.push(
      `${a.format} ${view?.status}${view?.statusReason ? ` (${view.statusReason})` : ''}`,
    );
  }
  log(`  warm-up orders now: ${states.join(', ')}`);
  ctx.warmUp = states;
}

/** `--erp-governor`: only the shared-ERP scenario (issue 12 B), its own report file. */
async function erpGovernorOnly(ctx, started) {
  const runs = [];
  const variants = [
    // Few reconciliation readers beside the orders: their reports load inventory's database,
    // which order reservations need too (an upstream effect, not the ERP's).
    {
      name: 'all four services (orders, returns, inventory, item sync)',
      orderRate: 6,
      returnRate: 2,
      readers: 2,
    },
    { name: 'without orders (inventory, item sync)', orderRate: 0, returnRate: 0, readers: 6 },
  ];
  for (let rep = 0; rep < CFG.reps * variants.length; rep++) {
    const variant = variants[rep % variants.length];
    log(
      `rep ${Math.floor(rep / variants.length) + 1}/${CFG.reps}, variant ${(rep % variants.length) + 1}/${variants.length}: ${variant.name}: the ERP limit lowered 4 -> 2 mid-run`,
    );
    const r = await erpGovernor(ctx.product, {
      fixtures: ctx.fixtures,
      seed: ctx.seed,
      nextN: ctx.nextN,
      erpLatencyMs: 250,
      limit: CFG.erpConcurrency,
      lowered: CFG.erpConcurrency / 2,
      orderRate: variant.orderRate,
      returnRate: variant.returnRate,
      inventoryReaders: variant.readers,
      beforeMs: quick ? 5000 : 8000,
      afterMs: quick ? 12_000 : 25_000,
    });
    log(`  ${r.value.toFixed(2)}/s of ${r.reference}/s; ${JSON.stringify(r.checks)}`);
    log(`  ${JSON.stringify(r.details)}`);
    runs.push({ variant: variant.name, ...r });
  }
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const out = { startedAt: started.toISOString(), machine: machineFacts(), cfg: CFG, runs };
  const stamp = out.startedAt.replace(/[:.]/g, '-');
  for (const name of [stamp, 'latest'])
    writeFileSync(join(dir, `erp-governor-${name}.json`), JSON.stringify(out, null, 2) + '\n');
  log(`report: bench/results/erp-governor-${stamp}.json`);
}

/**
 * `--availability`: only the availability-at-scale scenario (issue 15), its own report files:
 * per channel push latency p50/p99 and the share within 2 s, calls and figures per second against
 * the channel's limit, limiter peaks, 429s, what is still pending and whether it ends on ours.
 */
async function availabilityOnly(ctx, started) {
  const skus = Array.from(
    { length: CFG.availabilitySkus },
    (_, i) => `AV-${String(i).padStart(4, '0')}`,
  );
  const runs = [];
  for (let rep = 0; rep < (quick ? 1 : CFG.reps); rep++) {
    log(
      `rep ${rep + 1}: availability at ${CFG.availabilityRate} changes/s across ${skus.length} SKUs`,
    );
    const r = await availabilityScale(ctx.product, {
      skus,
      location: 'dc-east',
      rate: CFG.availabilityRate,
      durationMs: CFG.availabilityMs,
      drainMs: CFG.availabilityDrainMs,
      log,
    });
    for (const c of r.channels)
      log(
        `  ${c.verdict.padEnd(4)} ${c.channel.padEnd(19)} p50 ${fmt(c.latencyP50s)} s, p99 ${fmt(c.latencyP99s)} s (${fmt(100 * (c.shareWithin2s ?? 0))}% within 2 s), ${fmt(c.callsPerSecond)} calls/s, ${fmt(c.figuresPerSecond)} figures/s of ${c.figureCapacityPerSecond} (${c.limit}), peak ${c.limiter ? `${c.limiter.peakDemand}/${c.limiter.capacity}, early ${c.limiter.earlyRetries}` : 'no vendor limit'}, refused for rate ${c.refusedForRate}, pending at end ${c.pendingAtEnd}, SKUs not on our figure ${c.skusDifferingFromOurs}${c.drainJob?.last_error ? `; drain job ${c.drainJob.state}, ${c.drainJob.attempts} attempts: ${c.drainJob.last_error}` : ''}`,
      );
    log(
      `  figures/s ${fmt(r.figuresPerSecond)} of the channels' ${r.figureCeilingPerSecond} (sum of their limits)`,
    );
    runs.push(r);
  }
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const out = { startedAt: started.toISOString(), machine: machineFacts(), cfg: CFG, runs };
  const stamp = out.startedAt.replace(/[:.]/g, '-');
  for (const name of [stamp, 'latest'])
    writeFileSync(join(dir, `availability-${name}.json`), JSON.stringify(out, null, 2) + '\n');
  log(`report: bench/results/availability-${stamp}.json`);
}

function fmt(n) {
  if (n === null || n === undefined) return '-';
  if (!Number.isFinite(n)) return '>300';
  return n >= 100 ? String(Math.round(n)) : n.toFixed(2);
}

function writeReport(out, prefix) {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = `${prefix}${out.startedAt.replace(/[:.]/g, '-')}`;
  const md = report.renderMarkdown(out);
  for (const name of [stamp, `${prefix}latest`]) {
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(out, null, 2) + '\n');
    writeFileSync(join(dir, `${name}.md`), md);
  }
  log(`report: bench/results/${stamp}.{json,md} and bench/results/${prefix}latest.{json,md}`);
  for (const f of out.figures)
    log(
      `  ${f.verdict.toUpperCase().padEnd(12)} ${f.title}: ${report.formatNumber(f.value.median)} ${f.unit}${f.ratio.n ? ` (${report.formatRatio(f.ratio.median, f.ratioStyle)} of ${f.referenceLabel})` : ''}${f.notMeasured ? ` — ${f.notMeasured}` : ''}`,
    );
}

/** `--erp tryton`: bench/results/tryton-<time>.{json,md}. */
function writeTryton(out) {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = `tryton-${out.startedAt.replace(/[:.]/g, '-')}`;
  writeFileSync(join(dir, `${stamp}.json`), JSON.stringify(out, null, 2) + '\n');
  writeFileSync(join(dir, `${stamp}.md`), trytonMarkdown(out));
  log(`report: bench/results/${stamp}.{json,md}`);
}

export { LIMITS };
main();
