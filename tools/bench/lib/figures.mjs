// The figures the issue asks for, their targets and references, what limits each of them,
// and the assembly of the report.
import report from './report.js';
import { SERVICES } from './stack.mjs';

const ratioAtLeast = (value, text) => ({ kind: 'ratio-at-least', value, text });
const below = (value, text) => ({ kind: 'below', value, text });
const atMost = (value, text) => ({ kind: 'at-most', value, text });

export const FIGURES = [
  {
    id: 'orders_accepted',
    title: 'Orders accepted (202), channel mix, 64 connections',
    unit: 'orders/s',
    referenceLabel: 'ceiling (1) durable order',
    target: ratioAtLeast(0.5, '>= 50% of ceiling (1)'),
    how: 'Six channels in native formats (Amazon in two API versions) in turn, 5% delivered twice, one Shopify webhook sent 50 times at once (retry storm). Value: new orders answered 202 per second. Ceiling (1): INSERT of the raw payload in its own transaction + acknowledged JetStream publish, 64 workers on a pool of 10 connections.',
  },
  {
    id: 'pipeline_throughput',
    title: 'Order pipeline throughput (burst drained to the ERP)',
    unit: 'orders/s',
    referenceLabel: 'ERP capacity at 50 ms',
    target: ratioAtLeast(0.8, '>= 80% of ERP capacity (issue 13)'),
    how: 'After the 64-connection burst: the orders still in received / reserved / awaiting_erp when it ended, divided by the time until the last of them left (the 2 s of quiet that confirm the end not counted; ERP latency 50 ms, capacity 80/s).',
  },
  {
    id: 'erp_latency_p99',
    title: 'Order -> erp_confirmed latency p99 (steady rate, ERP 50 ms)',
    unit: 'ms',
    referenceLabel: 'floor: ERP latency',
    ratioStyle: 'multiple',
    target: below(300, 'p99 < 300 ms (issue 13)'),
    how: 'Open loop at a steady rate far below ERP capacity (ERP_MAX_CONCURRENCY 4 / 50 ms = 80/s). Latency: the erp_confirmed entry of the order timeline minus the moment the channel sent it. Ratio: times the ERP call latency.',
  },
  {
    id: 'erp_latency_p50',
    title: 'Order -> erp_confirmed latency p50 (steady rate, ERP 50 ms)',
    unit: 'ms',
    referenceLabel: 'floor: ERP latency',
    ratioStyle: 'multiple',
    target: below(1000, 'reported (target on p99)'),
  },
  {
    id: 'erp_overload',
    title: 'ERP throughput while overloaded 5x',
    unit: 'orders/s',
    referenceLabel: 'ERP_MAX_CONCURRENCY / ERP latency',
    target: ratioAtLeast(
      0.95,
      '>= 95% of capacity, peak <= limit, 0 errors to channels (issue 13)',
    ),
    how: 'ERP latency 500 ms, ERP_MAX_CONCURRENCY 4 (capacity 8/s, the simulator answers 429 above 4 in flight); orders offered at 5x capacity. Value: sustained rate of ERP sales orders created (10%..90% of the increase, while the backlog exists). Peak concurrency from GET /admin/stats.',
  },
  {
    id: 'order_commits',
    title: 'Database commits per order in order-ingestion, 202 to erp_confirmed',
    unit: 'commits/order',
    referenceLabel: 'budget',
    target: atMost(12, '<= 12 (issue 13)'),
    how: "Each service runs in a database of its own, so pg_stat_database counts order-ingestion's commits apart: its commits during the burst and its drain, divided by the orders accepted (background loops included, so an upper bound).",
  },
  {
    id: 'movements_applied',
    title: 'Inventory movements applied (batched)',
    unit: 'movements/s',
    referenceLabel: 'ceiling (2) multi-row INSERT',
    target: ratioAtLeast(0.25, '>= 25% of ceiling (2)'),
    how: 'POST /v1/inventory/movements, batches of 50, 16 workers, 4 sources, shuffled and held back (out of order), ~10% re-sent (duplicates), 2% snapshots (stale deltas). Value: movements answered `applied` per second. Ceiling (2): the same batches as one multi-row INSERT ... ON CONFLICT DO NOTHING each, 16 workers.',
  },
  {
    id: 'availability_p99',
    title: 'Availability query p99 under movement load',
    unit: 'ms',
    referenceLabel: 'budget',
    target: below(10, 'p99 < 10 ms'),
    how: 'GET /v1/availability/{sku}?channel=shopify over 200 SKUs, 50 queries/s from a separate process (autocannon, 4 connections) while the movement load runs.',
  },
  {
    id: 'availability_query_p99',
    title: 'Availability query of 1,000 SKUs p99',
    unit: 'ms',
    referenceLabel: 'budget',
    target: below(10, 'p99 < 10 ms'),
    how: 'POST /v1/availability:query of 1,000 SKUs (200 moved by the movement figure, 800 received once) for shopify, 20 queries/s from a separate process (autocannon, 4 connections), right after the movement load.',
  },
  {
    id: 'reservations_hot',
    title: 'Reservations on one hot SKU',
    unit: 'reservations/s',
    referenceLabel: 'ceiling (3) hot-row UPDATE',
    target: ratioAtLeast(0.5, '>= 50% of ceiling (3), never oversold'),
    how: 'POST /v1/reservations of 1 unit, 64 workers, more requests than stock. Value: reservations that got units per second while stock lasted. Ceiling (3): UPDATE ... SET reserved = reserved + 1 WHERE sku = $1 AND on_hand - reserved >= 1, same workers and counts.',
  },
  // Every process of the roster (tools/services.json), simulators included.
  ...SERVICES.map((s) => ({
    id: `rss_${s}`,
    title: `Resident memory under load: ${s}`,
    unit: 'MB',
    referenceLabel: 'budget',
    target: below(256, '< 256 MB'),
  })),
];

/** What limits each figure (closing notes for a miss). */
export const LIMITS = {
  order_commits:
    'intake 1, pipeline claim and run 1-2, ERP claim 1, governor grant and release 2 (one hand-off round trip while calls wait, ADR 0038; in the governor schema, not counted here), ERP settle 1, outbox relay; background loops (outbox polling, read-model consumers) add to it. Lift: fewer background commits, settle the ERP job and release the permit together',
  orders_accepted:
    "per order: body parsing, HMAC, mapping and the canonical order's check on the event loop (class-validator only for what the stricter hand-written check does not accept, ADR 0044), Nest's guards and interceptors and the access log, then ONE named prepared statement (order, lines, raw payload, delivery keys, timeline, outbox, pipeline job; a duplicate answered by the same statement) against one INSERT + one publish for the ceiling; the other services, PostgreSQL and the load generator share the 2 CPUs (orderIngestionCpuMsPerAccepted in the details is the 202 path's cost whatever the load). Lift: a second replica; channel routes outside Nest's pipeline; a cheaper access log.",
  pipeline_throughput:
    "depth-first: one claim runs validate, customer match (HTTP to master-data: the buyers of every order the lanes match at the same moment in one POST /v1/customers:match-batch), SKUs, holds, routing and the reservations (HTTP to inventory: the lines of every order the lanes reserve at the same moment in one POST /v1/reservations:batch) and commits once (the SKU lookup runs beside the customer match); the ERP lanes then claim, load, read the ERP items and customer side by side, wait for a governor permit, call and settle. More lanes do not feed the ERP: with callers waiting at the governor the slots still idle on order-ingestion's own event-loop time around each call (ADR 0045). Every order costs commits in four services (the database-activity section counts them for the whole database), and on a 2-core machine the services, PostgreSQL and the load generator share the CPUs. Since ADR 0034 a run and an ERP answer each commit in one statement (12 and 8 round trips before); erpSlotsBusy says how much of the ERP concurrency the drain used. A freed governor permit goes straight to the next waiting ERP call in the round trip of its release (ADR 0038), so the governor alone keeps ~80% of the slots busy at 50 ms calls; in the drain the permits sit idle while orders wait at validate (the pipeline run, bound by the CPU the services share) and each call is measured 3-10x its 50 ms by a CPU-starved order-ingestion. Lift: CPU for the pipeline and the ERP lanes during an intake burst (intake and workers in separate processes), a quiet machine",
  erp_latency_p99:
    'the stagesMs detail splits it: intake (to the first timeline entry), pipeline run (to awaiting_erp: customer match and reservations over HTTP, one commit) and ERP stage (to erp_confirmed: wake, claim, permit, call, settle). Lift: whichever stage dominates there',
  erp_latency_p50: 'see p99.',
  erp_overload:
    "the ERP lanes (4 x ERP_MAX_CONCURRENCY) wait at the account governor, so the ERP runs at its limit while a backlog exists; the figure also counts the first seconds, while the pipeline is still feeding the ERP queue. A peak above the limit would mean a permit released before its HTTP exchange ended. The step from 50 ms to 500 ms at the start of this figure costs the governor's adaptive limit one or two x0.9 steps and a 5 s probe hold (latency rule, governor schema 2); while the pipeline is still busy the ERP lanes share order-ingestion's CPU and pool with it (the pipeline keeps a quarter of its lanes while the ERP backlog is long)",
  movements_applied:
    "concurrent requests are group-committed (ADR 0033): one transaction of three statements per group (lock, load, one CTE write: ADR 0028), so the cost is the group's write statement (a ledger row and an outbox row per movement, the positions, marks, ERP queue) plus, per request, JSON parsing and validation of 50 movements on the event loop, against a bare INSERT for the ceiling; on a CPU-starved machine both sides slow down but the service more. Lift: fewer rows per movement (movement.recorded per batch instead of per movement), a second replica",
  availability_p99:
    "answered only from the in-memory view (ADR 0033, 0046): no database and no pool on the read path, 503 while the view rebuilds (about 1-3 ms of compute for 1,000 SKUs in-process); the tail is the event loop, shared with the movement requests' parsing and validation, the outbox relay and the flusher, and the CPU the machine leaves the service (the details give the view's own heartbeat lag). Lift: a replica for reads, less work per movement on the event loop",
  availability_query_p99:
    "answered only from the in-memory view (ADR 0033, 0046): about 1-3 ms of compute in-process for 1,000 SKUs plus ~1 ms of JSON; the rest is request validation and the event loop's share of the CPU. Lift: a replica for reads",
  reservations_hot:
    'grouped per SKU over HTTP (ADR 0048): one transaction and one commit per group of concurrent requests, their Idempotency-Keys claimed and answered inside it, locations and rules from the in-memory view; what remains per request is the HTTP/Nest cycle (parsing, validation, guards, serialisation) on one event loop, against a bare UPDATE over a direct connection for the ceiling. Lift: a second replica (each forms its own groups; the row lock keeps them correct)',
};
for (const s of SERVICES)
  LIMITS[`rss_${s}`] =
    'V8 heap (NestJS, TypeORM metadata, Swagger document) plus buffers of in-flight requests under 64 connections. Find what is retained with a heap snapshot (node --heapsnapshot-signal=SIGUSR2); cap with --max-old-space-size.';

function mixSection(mix) {
  if (!mix.length) return [];
  const lines = [
    '| repetition | operation | count | statuses | p50 ms | p99 ms |',
    '|---|---|---|---|---|---|',
  ];
  mix.forEach((m, i) => {
    for (const [op, o] of Object.entries(m))
      lines.push(
        `| ${i + 1} | ${op} | ${o.count} | ${JSON.stringify(o.statuses)} | ${report.formatNumber(o.latencyMs.p50)} | ${report.formatNumber(o.latencyMs.p99)} |`,
      );
  });
  return [
    {
      title: 'Lifecycle mix (cancellations, fulfillment events, returns on confirmed orders)',
      lines,
    },
  ];
}

const DB_UNITS = {
  dbPerOrderIncludingPipeline: 'order, ingestion + pipeline',
  dbPerBatch: 'movement batch of 50',
  dbPerRequest: 'reservation request',
};

/** pg_stat_database deltas per unit of work (per order, batch, reservation), per repetition. */
function dbSection(figures) {
  const lines = [
    '| figure | unit | repetition | commits | rows inserted | rows updated | rows fetched |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const f of figures)
    f.reps.forEach((rep, i) => {
      for (const [key, db] of Object.entries(rep.details ?? {})) {
        if (!key.startsWith('db') || !db?.perUnit) continue;
        const u = db.perUnit;
        lines.push(
          `| ${f.title} | ${DB_UNITS[key] ?? key} (${Math.round(db.units)}) | ${i + 1} | ${u.commits} | ${u.inserted} | ${u.updated} | ${u.fetched} |`,
        );
      }
    });
  if (lines.length === 2) return [];
  return [
    {
      title:
        'Database activity per unit of work (pg_stat_database deltas, all services, upper bound)',
      lines,
    },
  ];
}

/** `--orders`: the order pipeline's figures only (burst, drain, steady latency, ERP overload). */
export const ORDER_FIGURES = [
  'orders_accepted',
  'pipeline_throughput',
  'erp_latency_p99',
  'erp_latency_p50',
  'erp_overload',
  'order_commits',
  'rss_order-ingestion',
];

/** `--inventory`: the inventory figures alone (movements, availability, hot SKU, its memory). */
export const INVENTORY_FIGURES = [
  'movements_applied',
  'availability_p99',
  'availability_query_p99',
  'reservations_hot',
  'rss_inventory',
];

export function buildReport({
  only,
  started,
  machine,
  versions,
  cfg,
  quick,
  results,
  mix,
  notes,
  poolSize,
}) {
  const figures = FIGURES.filter((f) => !only || only.includes(f.id)).map((f) =>
    report.evaluateFigure({ ...f, reps: results[f.id] ?? [] }),
  );
  const closing = figures
    .filter((f) => f.verdict === 'miss')
    .map(
      (f) =>
        `${f.title}: MISS${f.failedChecks.length ? ` (failed: ${f.failedChecks.join(', ')})` : ''}. What limits it: ${LIMITS[f.id]}`,
    );
  return {
    startedAt: started.toISOString(),
    mode: quick ? 'quick' : 'full',
    repetitions: cfg.reps,
    durationSeconds: (Date.now() - started.getTime()) / 1000,
    machine,
    versions,
    config: { ...cfg, ceilingPoolSize: poolSize },
    figures,
    mix,
    sections: [...mixSection(mix), ...dbSection(figures)],
    notes: [...notes, ...closing],
  };
}
