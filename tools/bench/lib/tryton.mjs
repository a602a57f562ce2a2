// `npm run bench -- --erp tryton`: the bench's ERP figures against a real Tryton (trytond 6.0,
// tools/tryton/setup.sh) instead of the simulator. Two figures, measured in the same run:
//   ceiling — sales orders created and confirmed per second by the Tryton adapter itself
//             (the class the services use), N concurrent callers, best N kept;
//   drain   — a burst of orders posted to order-ingestion (every service with ERP_KIND=tryton)
//             and the rate at which they become exactly one confirmed sale each in Tryton's
//             own `sale_sale`, as a ratio of the ceiling.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { closedLoop, makeClient, sleep } from './http.mjs';
import { BenchStack, SERVICES } from './stack.mjs';
import { Product } from './product.mjs';
import stats from './stats.js';

/** Its own port, apart from the e2e suites' (8000, 8001): this run starts and stops it. */
const PORT = process.env.BENCH_TRYTON_PORT ?? '8011';
const SKU = 'TRY-SKU-010';
const LEVELS = [1, 2, 4];

export const TRYTON_CFG = (quick) => ({
  ceilingMs: quick ? 8000 : 20_000,
  burst: quick ? 40 : 200,
  postConcurrency: 8,
  erpMaxConcurrency: 4,
  drainMaxMs: quick ? 180_000 : 600_000,
});

function setup(root, action) {
  execFileSync('bash', [join(root, 'tools', 'tryton', 'setup.sh'), action], {
    env: { ...process.env, TRYTON_PORT: PORT },
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 30 * 60_000,
  });
}

const tryton = () => ({
  baseUrl: `http://127.0.0.1:${PORT}`,
  database: process.env.TRYTON_DATABASE ?? 'tryton',
  user: 'admin',
  password: process.env.TRYTON_ADMIN_PASSWORD ?? 'admin',
});

function trytonDbUrl(serverUrl, database) {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** One sale per reference, with its state and when Tryton created and last wrote it (UTC). */
async function salesOf(db, references) {
  const { rows } = await db.query(
    `SELECT reference, count(*)::int AS n, string_agg(DISTINCT state, ',') AS states,
            min(create_date) AS created, max(coalesce(write_date, create_date)) AS written
       FROM sale_sale WHERE reference = ANY($1) GROUP BY reference`,
    [references],
  );
  return rows;
}

/** Tryton's timestamps are naive UTC: read them as such. */
const utc = (d) =>
  Date.UTC(
    d.getFullYear(),
    d.getMonth(),
    d.getDate(),
    d.getHours(),
    d.getMinutes(),
    d.getSeconds(),
    d.getMilliseconds(),
  );

function saleOrder(externalId) {
  return {
    externalId,
    customerId: 'BENCH-TRYTON',
    orderDate: new Date().toISOString(),
    currency: 'EUR',
    memo: `bench ${externalId}`,
    lines: [{ lineId: '1', itemId: SKU, quantity: 1, unitPrice: 1999, discount: 0, tax: 319 }],
  };
}

/** (1) The adapter alone, N callers as fast as Tryton answers: sales created + confirmed / s. */
async function ceiling({ distDir, run, cfg, log, db }) {
  const require = createRequire(import.meta.url);
  const { TrytonErpAdapter } = require(
    join(distDir, 'libs', 'backoffice-adapters', 'src', 'erp', 'tryton', 'tryton-erp.adapter.js'),
  );
  const t = tryton();
  const adapter = new TrytonErpAdapter({
    baseUrl: t.baseUrl,
    timeoutMs: 60_000,
    tryton: { database: t.database, user: t.user, password: t.password },
  });
  // Login, party and reference lookups once, outside the measured window.
  await adapter.upsertSalesOrder(saleOrder(`bench-${run}-warm`), { correlationId: 'warm' });
  const levels = [];
  for (const concurrency of LEVELS) {
    const latencies = [];
    const refs = [];
    let errors = 0;
    const ms = await closedLoop({
      concurrency,
      durationMs: cfg.ceilingMs,
      task: async (w, i) => {
        const ref = `bench-${run}-c${concurrency}-${i}`;
        const started = performance.now();
        try {
          await adapter.upsertSalesOrder(saleOrder(ref), { correlationId: ref });
          latencies.push(performance.now() - started);
          refs.push(ref);
        } catch (e) {
          errors++;
          if (errors <= 3) log(`  ceiling c=${concurrency}: ${e.message}`);
        }
      },
    });
    const sales = await salesOf(db, refs);
    const confirmed = sales.filter((s) => s.n === 1 && s.states === 'confirmed').length;
    const level = {
      concurrency,
      salesPerSecond: round((confirmed * 1000) / ms),
      confirmed,
      errors,
      medianCallMs: round(stats.summarize(latencies).median),
      p95CallMs: round(stats.percentile(latencies, 95)),
      durationMs: Math.round(ms),
    };
    log(`  ceiling c=${concurrency}: ${JSON.stringify(level)}`);
    levels.push(level);
  }
  const best = levels.reduce((a, b) => (b.salesPerSecond > a.salesPerSecond ? b : a));
  return { salesPerSecond: best.salesPerSecond, bestConcurrency: best.concurrency, levels };
}

/** (2) The stack with ERP_KIND=tryton: a burst of orders and its drain into Tryton. */
async function drain({ root, distDir, run, cfg, log, db, serverUrl, natsUrl }) {
  const t = tryton();
  const erpEnv = {
    ERP_KIND: 'tryton',
    ERP_BASE_URL: t.baseUrl,
    TRYTON_DATABASE: t.database,
    TRYTON_USER: t.user,
    TRYTON_PASSWORD: t.password,
    ERP_TIMEOUT_MS: '60000',
  };
  const env = Object.fromEntries(
    SERVICES.filter((n) => !n.endsWith('-simulator')).map((n) => [n, erpEnv]),
  );
  env['order-ingestion'] = {
    ...erpEnv,
    ERP_MAX_CONCURRENCY: String(cfg.erpMaxConcurrency),
    ERP_MAX_RPS: '1000',
  };
  const stack = new BenchStack({ root, distDir, id: run, serverUrl, natsUrl, env, log });
  const client = makeClient(cfg.postConcurrency * 2);
  const product = new Product({ stack, client, log });
  const call = (name, method, path, body) => product.call(name, method, path, body);
  try {
    log('starting the stack with ERP_KIND=tryton');
    await stack.start();
    await product.putProduct(SKU, SKU);
    await sleep(2000); // the product reaches order-ingestion's read model by event
    log(`posting ${cfg.burst} orders (${cfg.postConcurrency} connections)`);
    const ids = [];
    const statuses = {};
    const burstAt = Date.now();
    await closedLoop({
      concurrency: cfg.postConcurrency,
      total: cfg.burst,
      task: async (w, i) => {
        const res = await call('order-ingestion', 'POST', '/v1/orders', webOrder(`${run}-${i}`));
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status === 202) ids.push(res.json().orderId);
      },
    });
    const postedMs = Date.now() - burstAt;
    log(`  posted in ${postedMs} ms: ${JSON.stringify(statuses)}`);
    const refs = [];
    for (const id of ids) {
      const view = (await call('order-ingestion', 'GET', `/v1/orders/${id}`)).json();
      refs.push(view.erp.externalId);
    }
    let sales = [];
    const deadline = burstAt + cfg.drainMaxMs;
    let lastLog = 0;
    while (Date.now() < deadline) {
      sales = await salesOf(db, refs);
      const confirmed = sales.filter((s) => s.states === 'confirmed').length;
      if (Date.now() - lastLog > 5000) {
        log(
          `  drain: ${confirmed}/${refs.length} confirmed in Tryton, ${Math.round((Date.now() - burstAt) / 1000)} s`,
        );
        lastLog = Date.now();
      }
      if (confirmed === refs.length) break;
      await sleep(500);
    }
    const drainedAt = Date.now();
    const confirmed = sales.filter((s) => s.states === 'confirmed').length;
    const created = sales.map((s) => utc(s.created));
    const written = sales.map((s) => utc(s.written));
    const first = Math.min(...created);
    const last = Math.max(...written);
    const crashed = stack.crashed();
    return {
      orders: cfg.burst,
      accepted: ids.length,
      statuses,
      postedMs,
      confirmed,
      exactlyOneSaleEach: sales.length === refs.length && sales.every((s) => s.n === 1),
      duplicateSales: sales.filter((s) => s.n > 1).length,
      // From the first order posted to the last sale confirmed in Tryton.
      endToEndMs: drainedAt - burstAt,
      salesPerSecond: sales.length ? round((confirmed * 1000) / (last - burstAt)) : null,
      // The first sale Tryton created, after the first order was posted.
      firstErpCallMs: sales.length ? first - burstAt : null,
      // Between Tryton's first and last sale: the ERP-bound part of the drain.
      steadySalesPerSecond:
        sales.length > 1 ? round(((confirmed - 1) * 1000) / (last - first)) : null,
      erpMaxConcurrency: cfg.erpMaxConcurrency,
      crashed,
    };
  } finally {
    client.close();
    await stack.stop();
  }
}

function webOrder(channelOrderId) {
  return {
    channel: 'web',
    channelOrderId: `tryton-bench-${channelOrderId}`,
    orderedAt: new Date().toISOString(),
    currency: 'EUR',
    customer: { email: 'bench@example.com', name: 'Bench Customer' },
    shippingAddress: { line1: 'Main St 1', city: 'Berlin', countryCode: 'DE' },
    lines: [
      {
        lineId: '1',
        sku: SKU,
        quantity: 1,
        unitPrice: 1999,
        discount: 0,
        tax: 319,
        fulfillment: { type: 'ship' },
      },
    ],
    payment: {
      status: 'captured',
      method: 'card',
      reference: `psp-${channelOrderId}`,
      amount: 2318,
    },
  };
}

const round = (x) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : null);

/** The whole mode: prepare and start trytond, measure, stop it, return the figures. */
export async function trytonBench({ root, distDir, serverUrl, natsUrl, quick, log }) {
  const cfg = TRYTON_CFG(quick);
  const run = randomBytes(3).toString('hex');
  const startedAt = new Date();
  const loadBefore = loadavg();
  log(`Tryton mode: trytond on 127.0.0.1:${PORT} (tools/tryton/setup.sh)`);
  setup(root, 'all');
  const db = new pg.Client({ connectionString: trytonDbUrl(serverUrl, tryton().database) });
  await db.connect();
  try {
    log(
      `(1) ceiling: the Tryton adapter alone, concurrency ${LEVELS.join(', ')}, ${cfg.ceilingMs} ms each`,
    );
    const ceil = await ceiling({ distDir, run, cfg, log, db });
    log(`  ceiling ${ceil.salesPerSecond} sales/s (concurrency ${ceil.bestConcurrency})`);
    log(`(2) drain: ${cfg.burst} orders through the stack into Tryton`);
    const d = await drain({ root, distDir, run, cfg, log, db, serverUrl, natsUrl });
    log(`  drain ${JSON.stringify(d)}`);
    return {
      kind: 'tryton',
      run,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: { cpus: cpus().length, loadAverageBefore: loadBefore, loadAverageAfter: loadavg() },
      config: { ...cfg, ceilingConcurrency: LEVELS, trytonPort: PORT },
      ceiling: ceil,
      drain: d,
      drainOverCeiling:
        d.salesPerSecond && ceil.salesPerSecond
          ? round(d.salesPerSecond / ceil.salesPerSecond)
          : null,
      steadyDrainOverCeiling:
        d.steadySalesPerSecond && ceil.salesPerSecond
          ? round(d.steadySalesPerSecond / ceil.salesPerSecond)
          : null,
    };
  } finally {
    await db.end();
    setup(root, 'stop');
    log('trytond stopped');
  }
}

/** The short markdown beside the JSON. */
export function trytonMarkdown(r) {
  const lines = [
    `# ERP figures against Tryton — ${r.startedAt}`,
    '',
    `Machine: ${r.machine.cpus} cores, load average ${r.machine.loadAverageBefore.map((x) => x.toFixed(2)).join(' / ')} before, ${r.machine.loadAverageAfter.map((x) => x.toFixed(2)).join(' / ')} after (shared).`,
    '',
    '## (1) Ceiling: the Tryton adapter alone (create + quote + confirm a sale)',
    '',
    '| callers | sales/s | median call ms | p95 call ms | confirmed | errors |',
    '| --- | --- | --- | --- | --- | --- |',
    ...r.ceiling.levels.map(
      (l) =>
        `| ${l.concurrency} | ${l.salesPerSecond} | ${l.medianCallMs} | ${l.p95CallMs} | ${l.confirmed} | ${l.errors} |`,
    ),
    '',
    `Ceiling: **${r.ceiling.salesPerSecond} sales/s** (${r.ceiling.bestConcurrency} callers).`,
    '',
    '## (2) Drain: orders through the stack (ERP_KIND=tryton) into Tryton',
    '',
    `| figure | value |`,
    '| --- | --- |',
    `| orders posted / accepted | ${r.drain.orders} / ${r.drain.accepted} |`,
    `| confirmed sales in sale_sale, exactly one per order | ${r.drain.confirmed}, ${r.drain.exactlyOneSaleEach} |`,
    `| first ERP call (first sale created) after the first order | ${r.drain.firstErpCallMs} ms |`,
    `| drain, first order to last sale confirmed | ${r.drain.salesPerSecond} sales/s (${r.drain.endToEndMs} ms) |`,
    `| drain, first to last sale in Tryton | ${r.drain.steadySalesPerSecond} sales/s |`,
    `| order-ingestion ERP_MAX_CONCURRENCY | ${r.drain.erpMaxConcurrency} |`,
    `| drain / ceiling | ${r.drainOverCeiling} (steady ${r.steadyDrainOverCeiling}) |`,
    '',
  ];
  return lines.join('\n');
}
