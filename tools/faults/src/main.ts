import { existsSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { badInputCampaign } from './bad-inputs';
import { Ctx, isRouteMissing } from './context';
import { FAULT_PHASES, FaultPhase, simulatorFaults, ERP_HEALTHY } from './faults';
import { CLUSTER_PHASES } from './cluster-faults';
import { LeaseWatch } from './leases';
import { History, http } from './http';
import { choosePorts, FaultStack, NATS_NAMESPACE, SERVICES } from './infra/stack';
import { adminHeaders, orderLoad, post } from './load';
import { Options, parseArgs, replayCommand } from './options';
import { catalogFor } from './payloads';
import { poisonPhase } from './poison';
import { Rng } from './prng';
import { checkOrders, drain, loadErpSalesOrders, loadOrders, outboxBacklog } from './reconcile';
import {
  addFigures,
  emptyFigures,
  FaultReport,
  figuresOf,
  NOT_TESTED_HERE,
  PhaseReport,
  reportBase,
  serverErrorsOf,
  writeReport,
} from './report';
import { InvariantSampler } from './sampler';
import { contentionPhase, movementPhase } from './stock';
import { corruptOnPurpose, staleLeaseOnPurpose } from './self-check';
import { sleep } from './infra/processes';
import { orderingCheck, WIRE_STREAMS } from './ordering';
import { erpDoublesCheck } from './erp-doubles';
import { seed } from './setup';
import { retryStorm } from './storm';
import { allViolations } from './verdict';
import { violations as checkViolations } from './checker';
import { verifyWms, WMS_PHASE, wmsPhase } from './wms';

const ROOT = join(__dirname, '..', '..', '..');
const started = Date.now();
let currentPhase = 'start-up';
const crashLog: Array<{
  service: string;
  phase: string;
  code: number | null;
  signal: string | null;
  lastLog: string;
}> = [];
const log = (msg: string) =>
  process.stdout.write(
    `[faults +${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${msg}\n`,
  );

function reportDirOf(opts: Options): string {
  return opts.reportDir ?? join(ROOT, 'tools', 'faults', 'reports');
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  log(`seed ${opts.seed}, profile ${opts.profile.name}`);
  log(`replay with: ${replayCommand(opts)}`);
  const distDir = opts.distDir ?? join(ROOT, 'dist');
  for (const svc of SERVICES) {
    if (!existsSync(join(distDir, 'apps', svc, 'src', 'main.js'))) {
      log(`${distDir}/apps/${svc}/src/main.js is missing: run \`npm run build\` first`);
      return 2;
    }
  }
  const topology = opts.profile.topology;
  const stack = new FaultStack(
    ROOT,
    distDir,
    await choosePorts(opts.basePort, topology),
    {},
    topology,
  );
  stack.logDir = join(reportDirOf(opts), `${reportBase(opts.profile.name, opts.seed)}-logs`);
  // A replay of the same seed starts a fresh set of logs (they are appended across restarts).
  rmSync(stack.logDir, { recursive: true, force: true });
  const stopAll = async () => {
    log(
      `stopping the processes this run started (data dir ${opts.keepData ? 'kept' : 'removed'}: ${stack.root})`,
    );
    await stack.stop(opts.keepData);
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(143)));
  try {
    return await run(opts, stack);
  } finally {
    await stopAll();
  }
}

async function run(opts: Options, stack: FaultStack): Promise<number> {
  log(
    `private PostgreSQL on 127.0.0.1:${stack.ports.pg} (proxy ${stack.ports.pgProxy}), nats-server on ${stack.ports.nats} (proxy ${stack.ports.natsProxy}), data in ${stack.root}`,
  );
  await stack.startInfra();
  const c = stack.natsCluster;
  log(
    c
      ? `postgres pid ${stack.pg.pid}; NATS cluster ${c.nodes.map((n) => `${n.name}=${n.port} (pid ${n.pid})`).join(', ')}, services' NATS_URL ${stack.serviceNatsUrl}; starting ${stack.topology.replicas} replicas of every service`
      : `postgres pid ${stack.pg.pid}, nats-server pid ${stack.nats.pid}; starting the services`,
  );
  // Supervised from the start, as pods are: a service that exits while the others boot (e.g.
  // stream provisioning timing out while the cluster creates the 3-replica streams) restarts and
  // is reported as an unexpected exit during start-up.
  stack.supervise(true);
  stack.onCrash = (service, code, signal) => {
    const lastLog = stack.crashes[stack.crashes.length - 1]?.lastLog ?? '';
    crashLog.push({ service, phase: currentPhase, code, signal, lastLog });
    log(
      `  ${service} EXITED on its own (code ${code}, signal ${signal}) during ${currentPhase}; restarting it`,
    );
  };
  await stack.startServices(log);
  log(
    `services ready: ${SERVICES.map((s) => `${s}=${stack.ports.services[s]} (pid ${stack.pids(s).join('/')})`).join(', ')}`,
  );
  const reportDir = reportDirOf(opts);
  const rng = new Rng(opts.seed);
  const tag = `F${opts.seed.toString(36).toUpperCase()}`;
  const ctx: Ctx = {
    stack,
    rng,
    history: new History(join(stack.root, 'history.jsonl')),
    catalog: catalogFor(tag, opts.profile),
    profile: opts.profile,
    db: new pg.Pool({
      connectionString: stack.directDatabaseUrl,
      max: 4,
      connectionTimeoutMillis: 3000,
    }),
    log,
    notRun: [],
  };
  ctx.db.on('error', () => undefined);
  try {
    return await campaign(opts, ctx, reportDir);
  } finally {
    await ctx.history.close();
    await ctx.db.end().catch(() => undefined);
  }
}

type PhaseRun = {
  phase: FaultPhase;
  faults: string[];
  ms: number;
  error?: string;
  notRun?: string;
};
type Steps = {
  movements?: Awaited<ReturnType<typeof movementPhase>>;
  contention?: Awaited<ReturnType<typeof contentionPhase>>;
  storm?: Awaited<ReturnType<typeof retryStorm>>;
  poison?: Awaited<ReturnType<typeof poisonPhase>>;
};

async function campaign(opts: Options, ctx: Ctx, reportDir: string): Promise<number> {
  log('seeding master data (locations, products) and stock');
  await seed(ctx);
  const selected = (name: string) => !opts.only || opts.only.includes(name);
  const sampler = new InvariantSampler(ctx);
  sampler.start();
  const leases = new LeaseWatch(ctx);
  await leases.start();
  const phaseRuns = await faultPhases(ctx, selected);
  const steps = await otherSteps(ctx, selected);
  currentPhase = 'drain';
  log('draining: waiting for every acknowledged order to reach the ERP and every outbox to empty');
  const keys = new Set(
    ctx.history.entries.filter((e) => e.kind === 'order' || e.kind === 'storm').map((e) => e.key),
  );
  const drainMs = await drain(ctx, keys, opts.profile.drainMs);
  const wmsRan = phaseRuns.some((p) => p.phase.name === WMS_PHASE && !p.notRun);
  const wms = wmsRan ? await verifyWms(ctx, 60_000) : undefined;
  const stock = await sampler.stop();
  if (opts.selfCheck) {
    log(await staleLeaseOnPurpose(ctx));
    await sleep(2_000); // a few samples of the lease watch
  }
  const leaseReport = await leases.stop();
  const outbox = await outboxBacklog(ctx);
  if (opts.selfCheck) for (const line of await corruptOnPurpose(ctx)) log(line);
  const phases = await reconcilePhases(ctx, phaseRuns);
  const ordering = await step('events out of order (streams, inboxes)', () => orderingCheck(ctx));
  const erpDoubles = await erpDoublesCheck(ctx);
  const storm = steps.storm && (await settleStorm(ctx, steps.storm));
  const shopifyOrderId = await anyShopifyOrderId(ctx);
  const badInputs = selected('bad-inputs')
    ? await step('bad-input campaign (fast-check variants)', () =>
        badInputCampaign(ctx, { shopifyOrderId }),
      )
    : undefined;
  const erpStats = (
    await http({ method: 'GET', url: `${ctx.stack.url('backoffice-simulator')}/admin/stats` })
  ).json;
  const report: FaultReport = {
    ...header(opts),
    phases,
    total: phases
      .filter((p) => !p.notRun)
      .reduce((acc, p) => addFigures(acc, p.orders), emptyFigures()),
    stock,
    ...steps,
    wms,
    storm,
    badInputs,
    erpStats,
    outboxAfterDrain: outbox,
    ordering,
    erpDoubles,
    leases: leaseReport,
    cluster: await clusterFigures(ctx),
    unexpectedExits: crashLog,
    drainMs,
    serverErrors: serverErrorsOf(ctx.history.entries),
    logDir: ctx.stack.logDir && relative(ROOT, ctx.stack.logDir),
    notRun: notRunList(ctx, phaseRuns, steps, badInputs),
    violations: [],
    notTestedHere: NOT_TESTED_HERE,
  };
  report.violations = allViolations(report);
  const paths = writeReport(reportDir, report);
  printSummary(report, paths);
  return report.violations.length ? 1 : 0;
}

/** The order-load phases, each with its fault schedule (or not run when POST /v1/orders is missing). */
async function faultPhases(ctx: Ctx, selected: (n: string) => boolean): Promise<PhaseRun[]> {
  const ordersRoute = await probe(ctx);
  const runs: PhaseRun[] = [];
  const clusterPhases = ctx.stack.natsCluster ? CLUSTER_PHASES : [];
  for (const phase of [...FAULT_PHASES, ...clusterPhases, wmsPhase].filter((p) =>
    selected(p.name),
  )) {
    runs.push(
      ordersRoute
        ? await runPhase(ctx, phase)
        : { phase, faults: [], ms: 0, notRun: 'route missing: POST /v1/orders' },
    );
  }
  return runs;
}

async function otherSteps(ctx: Ctx, selected: (n: string) => boolean): Promise<Steps> {
  const out: Steps = {};
  if (selected('movements'))
    out.movements = await step('movements (duplicated + reordered, inventory SIGKILL)', () =>
      movementPhase(ctx),
    );
  if (selected('contention'))
    out.contention = await step('cross-channel reservation contention', () => contentionPhase(ctx));
  if (selected('retry-storm'))
    out.storm = await step(`retry storm: ${ctx.profile.stormSize} identical Shopify webhooks`, () =>
      retryStorm(ctx),
    );
  if (selected('poison')) out.poison = await step('poison messages', () => poisonPhase(ctx));
  return out;
}

function header(opts: Options) {
  return {
    seed: opts.seed,
    profile: opts.profile.name,
    replay: replayCommand(opts),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    environment: {
      node: process.version,
      cpus: String(cpus().length),
      postgres: '15 (private cluster)',
      nats:
        opts.profile.topology.natsNodes === 3
          ? 'nats-server x3 (private JetStream cluster, streams at 3 replicas)'
          : 'nats-server (private, -js)',
      replicas: `${opts.profile.topology.replicas} per service`,
    },
  };
}

function notRunList(
  ctx: Ctx,
  runs: PhaseRun[],
  steps: Steps,
  badInputs: FaultReport['badInputs'],
): string[] {
  const classes = Object.entries(badInputs?.classes ?? {}).filter(([, c]) => c.notRun);
  return [
    ...runs.filter((p) => p.notRun).map((p) => `${p.phase.name}: ${p.notRun}`),
    ...Object.values(steps)
      .filter((x) => x?.notRun)
      .map((x) => x!.notRun!),
    ...ctx.notRun,
    ...classes.map(([cls, c]) => `bad inputs ${cls}: ${c.notRun} requests hit a missing route`),
  ];
}

async function step<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t = Date.now();
  currentPhase = label;
  log(`phase: ${label}`);
  const out = await fn();
  log(`  done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return out;
}

async function probe(ctx: Ctx): Promise<boolean> {
  const res = await post(`${ctx.stack.url('order-ingestion')}/v1/orders`, '{}', adminHeaders);
  const ok = !isRouteMissing(res.status, res.text);
  if (!ok) log('POST /v1/orders is not implemented yet: order phases are reported as not run');
  return ok;
}

async function runPhase(ctx: Ctx, phase: FaultPhase) {
  const faults: string[] = [];
  const t = Date.now();
  const note = (e: string) => {
    faults.push(`+${((Date.now() - t) / 1000).toFixed(1)}s ${e}`);
    log(`  fault: ${e}`);
  };
  currentPhase = phase.name;
  log(`phase: ${phase.name} — ${phase.description}`);
  const progress = setInterval(() => {
    const mine = ctx.history.of('order', phase.name);
    log(
      `  progress: ${new Set(mine.map((e) => e.key)).size} orders tried, ${mine.filter((e) => e.type === 'ok').length} acked, ${mine.filter((e) => e.type === 'info').length} indeterminate answers`,
    );
  }, 5000);
  let error: string | undefined;
  try {
    const [, injected] = await Promise.allSettled([
      orderLoad(ctx, phase.name, ctx.profile.ordersPerPhase),
      phase.inject(ctx, note),
    ]);
    if (injected.status === 'rejected')
      error = String((injected.reason as Error)?.message ?? injected.reason);
  } finally {
    clearInterval(progress);
  }
  if (error) {
    log(`  fault injection failed: ${error.split('\n')[0]}`);
    await heal(ctx);
  }
  return { phase, faults, ms: Date.now() - t, error };
}

/** After a failed injection: everything back to normal so later phases measure their own fault. */
async function heal(ctx: Ctx): Promise<void> {
  ctx.stack.pgProxy.heal();
  ctx.stack.natsProxy.heal();
  ctx.stack.pg.resume();
  ctx.stack.nats.resume();
  const cluster = ctx.stack.natsCluster;
  if (cluster) {
    cluster.heal();
    cluster.resumeAll();
    for (const n of cluster.nodes) if (!n.pid) await n.start().catch(() => undefined);
  }
  for (const s of SERVICES) ctx.stack.resume(s);
  if (!ctx.stack.nats.pid) await ctx.stack.nats.start().catch(() => undefined);
  if (!ctx.stack.pg.pid) await ctx.stack.pg.start().catch(() => undefined);
  for (const s of SERVICES) if (!ctx.stack.pid(s)) await ctx.stack.restart(s).catch(() => false);
  await simulatorFaults(ctx, ERP_HEALTHY).catch(() => undefined);
}

async function reconcilePhases(
  ctx: Ctx,
  runs: Array<{ phase: FaultPhase; faults: string[]; ms: number; error?: string; notRun?: string }>,
): Promise<PhaseReport[]> {
  const orders = await loadOrders(ctx);
  const erp = await loadErpSalesOrders(ctx);
  if (orders.error) ctx.notRun.push(`order reconciliation: ${orders.error}`);
  if (erp.error) ctx.notRun.push(`ERP reconciliation: ${erp.error}`);
  return runs.map((r) => {
    const base = {
      name: r.phase.name,
      description: r.phase.description,
      faults: r.faults,
      ms: r.ms,
      error: r.error,
    };
    if (r.notRun)
      return { ...base, orders: emptyFigures(), stuck: [], violations: [], notRun: r.notRun };
    const entries = ctx.history.of('order', r.phase.name);
    const check = checkOrders(entries, orders.rows, erp.perKey, !!orders.error);
    const answers: Record<string, number> = {};
    for (const e of entries)
      answers[String(e.status ?? e.error)] = (answers[String(e.status ?? e.error)] ?? 0) + 1;
    const figures = figuresOf(check.summary, check.stuck.length, check.erpMissing.length, answers);
    const violations = [
      ...checkViolations(check.summary),
      ...(check.stuck.length ? [`${check.stuck.length} stuck after drain`] : []),
      ...serverErrors(answers),
      ...withoutRetryAfter(entries),
    ];
    return { ...base, orders: figures, stuck: check.stuck, violations };
  });
}

/** F3: while a dependency is down the API answers 503 (retry later), never another 5xx. */
function serverErrors(answers: Record<string, number>): string[] {
  const bad = Object.entries(answers).filter(([s]) => Number(s) >= 500 && s !== '503');
  const n = bad.reduce((acc, [, c]) => acc + c, 0);
  return n
    ? [`${n} answers ${bad.map(([s]) => s).join('/')} (a dependency outage must answer 503)`]
    : [];
}

/** F3: a 503 tells the client when to come back (`Retry-After`), always. */
function withoutRetryAfter(entries: Array<{ status?: number; retryAfter?: string }>): string[] {
  const n = entries.filter((e) => e.status === 503 && !e.retryAfter).length;
  return n ? [`${n} answers 503 without Retry-After`] : [];
}

/** The cluster's shape at the end of the run: each stream's replicas and how many are current. */
async function clusterFigures(ctx: Ctx): Promise<FaultReport['cluster']> {
  const c = ctx.stack.natsCluster;
  if (!c) return undefined;
  const streams: Record<string, string> = {};
  for (const s of [...WIRE_STREAMS, `${NATS_NAMESPACE.toUpperCase()}_RETAIL_DLQ`]) {
    const r = await c.streamReplicas(s).catch((e: Error) => e);
    streams[s] =
      r instanceof Error
        ? `not read: ${r.message}`
        : `${r.current} of ${r.replicas} replicas current`;
  }
  return { replicasPerService: ctx.stack.topology.replicas, natsNodes: c.nodes.length, streams };
}

async function settleStorm(ctx: Ctx, storm: Awaited<ReturnType<typeof retryStorm>>) {
  const orders = await loadOrders(ctx);
  const erp = await loadErpSalesOrders(ctx);
  return {
    ...storm,
    ordersCreated: orders.error ? undefined : orders.rows.filter((r) => r.key === storm.key).length,
    erpSalesOrders: erp.error ? undefined : (erp.perKey.get(storm.key) ?? 0),
  };
}

async function anyShopifyOrderId(ctx: Ctx): Promise<string | undefined> {
  const orders = await loadOrders(ctx);
  return orders.rows.find((r) => r.key.startsWith('shopify:'))?.id;
}

function printSummary(r: FaultReport, paths: { json: string; md: string }): void {
  const t = r.total;
  log(
    `orders: sent ${t.sent}, acked ${t.acknowledged}, lost ${t.lost}, duplicated ${t.duplicated}, duplicate ERP SOs ${t.duplicateErpSalesOrders}, stuck ${t.stuckAfterDrain}, recovered ${t.recovered}, unknown ${t.unknown}`,
  );
  log(
    `stock samples: ${r.stock.samples} (reserved > on-hand in ${r.stock.reservedOverOnHand}; available < 0 in ${r.stock.negativeAvailable} of ${r.stock.apiSamples} API samples)`,
  );
  if (r.storm)
    log(
      `retry storm: ${r.storm.notRun ?? `orders ${r.storm.ordersCreated}, ERP SOs ${r.storm.erpSalesOrders}, unacknowledged ${r.storm.unacknowledged}, 5xx ${r.storm.fiveXx}, shed ${r.storm.shed} (retried)`}`,
    );
  if (r.poison)
    log(
      `poison: ${r.poison.notRun ?? `${r.poison.deadLettered}/${r.poison.published} dead-lettered, ${r.poison.replayed} replayed once`}`,
    );
  if (r.badInputs)
    log(
      `bad inputs: tried ${r.badInputs.total.tried}, accepted ${r.badInputs.total.accepted}, 5xx ${r.badInputs.total.fiveXx}, rows persisted ${r.badInputs.rowsPersisted}`,
    );
  for (const n of r.notRun) log(`not run: ${n}`);
  for (const v of r.violations) log(`VIOLATION: ${v}`);
  log(`report: ${paths.md} (and .json)`);
  log(
    r.violations.length
      ? `FAILED: ${r.violations.length} invariant violation(s). Replay: ${r.replay}`
      : `passed. Replay: ${r.replay}`,
  );
}

main().then(
  (code) => process.exit(code),
  (err) => {
    log(`fatal: ${(err as Error).stack ?? err}`);
    process.exit(2);
  },
);
