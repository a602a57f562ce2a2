import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BadInputReport } from './bad-inputs';
import type { CheckSummary } from './checker';
import type { ErpDoublesReport } from './erp-doubles';
import type { OrderingReport } from './ordering';
import type { PoisonReport } from './poison';
import type { StockSamples } from './sampler';
import type { ContentionReport, MovementReport } from './stock';
import type { LeaseReport } from './leases';
import type { StormReport } from './storm';
import type { WmsReport } from './wms';

export interface OrderFigures {
  sent: number;
  acknowledged: number;
  lost: number;
  duplicated: number;
  recovered: number;
  unknown: number;
  rejected: number;
  unexpected: number;
  duplicateErpSalesOrders: number;
  stuckAfterDrain: number;
  missingInErp: number;
  answers: Record<string, number>;
}

export interface PhaseReport {
  name: string;
  description: string;
  faults: string[];
  ms: number;
  orders: OrderFigures;
  stuck: string[];
  violations: string[];
  notRun?: string;
  error?: string;
}

export interface FaultReport {
  seed: number;
  profile: string;
  replay: string;
  startedAt: string;
  durationMs: number;
  environment: Record<string, string>;
  phases: PhaseReport[];
  total: OrderFigures;
  stock: StockSamples;
  movements?: MovementReport;
  contention?: ContentionReport;
  wms?: WmsReport;
  storm?: StormReport & { ordersCreated?: number; erpSalesOrders?: number };
  poison?: PoisonReport;
  badInputs?: BadInputReport;
  erpStats?: unknown;
  outboxAfterDrain: Record<string, number | string>;
  /** "Events out of order": per aggregate, in the streams and as the consumers applied them. */
  ordering?: OrderingReport;
  /** "ERP calls doubled": two ERP records of one kind for one order or return. */
  erpDoubles?: ErpDoublesReport;
  /** Job leases expired and not taken over (replicas dying): the takeover delay. */
  leases?: LeaseReport;
  /** The cluster topology: replicas per service, NATS nodes, the streams' replicas at the end. */
  cluster?: { replicasPerService: number; natsNodes: number; streams: Record<string, string> };
  /** Services that exited without being killed (restarted by the supervisor, as Kubernetes would). */
  unexpectedExits: Array<{
    service: string;
    phase: string;
    code: number | null;
    signal: string | null;
    lastLog: string;
  }>;
  drainMs: number;
  /** Every 5xx answer the clients got (503 during an outage included), with its body. */
  serverErrors?: ServerErrorAnswer[];
  /** Where each service's whole log of this run is kept (`<service>.log`), next to the report. */
  logDir?: string;
  notRun: string[];
  violations: string[];
  notTestedHere: string[];
}

export interface ServerErrorAnswer {
  at: string;
  phase: string;
  kind: string;
  key: string;
  status: number;
  /** The first 300 characters of the body (problem+json). */
  body?: string;
}

/** The 5xx answers of a client history, oldest first. */
export function serverErrorsOf(
  entries: Array<{
    phase: string;
    kind: string;
    key: string;
    completedAt: number;
    status?: number;
    body?: string;
  }>,
): ServerErrorAnswer[] {
  return entries
    .filter((e) => (e.status ?? 0) >= 500)
    .map((e) => ({
      at: new Date(e.completedAt).toISOString(),
      phase: e.phase,
      kind: e.kind,
      key: e.key,
      status: e.status!,
      body: e.body,
    }));
}

/** The "5xx answers" section of the markdown report. */
export function serverErrorSection(r: Pick<FaultReport, 'serverErrors' | 'logDir'>): string[] {
  const all = r.serverErrors ?? [];
  const counts = new Map<number, number>();
  for (const e of all) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
  const other = all.filter((e) => e.status !== 503);
  const shown = [...other, ...all.filter((e) => e.status === 503)].slice(0, 20);
  return [
    '## 5xx answers',
    '',
    all.length
      ? `${all.length} in all: ${[...counts].map(([s, n]) => `${n} x ${s}`).join(', ')}; every one, with its body, is in the JSON report.`
      : 'None.',
    ...(shown.length
      ? [
          '',
          '| at | phase | kind | key | status | body |',
          '|---|---|---|---|---|---|',
          ...shown.map(
            (e) =>
              `| ${e.at} | ${e.phase} | ${e.kind} | ${e.key} | ${e.status} | ${(e.body ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ')} |`,
          ),
        ]
      : []),
    ...(r.logDir ? ['', `Service logs of this run: \`${r.logDir}/<service>.log\`.`] : []),
    '',
  ];
}

export const NOT_TESTED_HERE = [
  'Power loss / OS crash: a SIGKILL leaves the page cache intact, so fsync durability of PostgreSQL and of the JetStream file store (2.9.10 fsyncs every 60 s) is not proven. Needs lazyfs or real power cuts.',
  'Multi-node NATS on separate hosts: the small and long profiles run one nats-server; the cluster profile runs three on loopback (leader kill, one node isolated through proxies), which leaves out membership changes, partitions splitting the majority and fsync-dependent split-brain (Jepsen NATS 2.12.1 findings).',
  'Network partitions between hosts, asymmetric partitions and packet loss/duplication at the kernel level (no netem on this VM; the TCP proxy only adds latency, cuts and resets).',
  'Clock skew across hosts (one machine, one clock; faketime was not wired in).',
  'Disk full / broker full (max_bytes + discard new) and file corruption of PostgreSQL or JetStream.',
  'Replicas on separate hosts: the cluster profile runs two replicas of every service on one machine (same clock, same kernel, a balancer of ours); a host vanishing with half-open TCP connections is not exercised.',
];

export function emptyFigures(): OrderFigures {
  return {
    sent: 0,
    acknowledged: 0,
    lost: 0,
    duplicated: 0,
    recovered: 0,
    unknown: 0,
    rejected: 0,
    unexpected: 0,
    duplicateErpSalesOrders: 0,
    stuckAfterDrain: 0,
    missingInErp: 0,
    answers: {},
  };
}

export function figuresOf(
  summary: CheckSummary,
  stuck: number,
  missingInErp: number,
  answers: Record<string, number>,
): OrderFigures {
  return {
    sent: summary.attempted,
    acknowledged: summary.acknowledged,
    lost: summary.lost,
    duplicated: summary.duplicated,
    recovered: summary.recovered,
    unknown: summary.unknown,
    rejected: summary.rejected,
    unexpected: summary.unexpected,
    duplicateErpSalesOrders: summary.duplicateErpRecords,
    stuckAfterDrain: stuck,
    missingInErp,
    answers,
  };
}

export function addFigures(a: OrderFigures, b: OrderFigures): OrderFigures {
  const out = { ...a, answers: { ...a.answers } };
  for (const k of Object.keys(b) as Array<keyof OrderFigures>) {
    if (k === 'answers') continue;
    (out[k] as number) += b[k] as number;
  }
  for (const [s, n] of Object.entries(b.answers)) out.answers[s] = (out.answers[s] ?? 0) + n;
  return out;
}

const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;

function ordersTable(r: FaultReport): string[] {
  const head = [
    'fault',
    'sent',
    'acked',
    'lost',
    'dup',
    'dup ERP SO',
    'stuck',
    'recovered',
    'unknown',
    'rejected',
    'answers',
  ];
  const lines = [row(head), row(head.map(() => '---'))];
  for (const p of r.phases) {
    const f = p.orders;
    if (p.notRun) {
      lines.push(row([p.name, ...head.slice(1, -1).map(() => '-'), `not run: ${p.notRun}`]));
      continue;
    }
    lines.push(
      row([
        p.name,
        f.sent,
        f.acknowledged,
        f.lost,
        f.duplicated,
        f.duplicateErpSalesOrders,
        f.stuckAfterDrain,
        f.recovered,
        f.unknown,
        f.rejected,
        fmt(f.answers),
      ]),
    );
  }
  const t = r.total;
  lines.push(
    row([
      '**total**',
      t.sent,
      t.acknowledged,
      t.lost,
      t.duplicated,
      t.duplicateErpSalesOrders,
      t.stuckAfterDrain,
      t.recovered,
      t.unknown,
      t.rejected,
      fmt(t.answers),
    ]),
  );
  return lines;
}

const fmt = (o: Record<string, number>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}×${v}`)
    .join(' ');

export function toMarkdown(r: FaultReport): string {
  const out = [
    `# Fault and invariant suite: ${r.violations.length ? 'VIOLATIONS' : 'no violation'}`,
    '',
    `Seed **${r.seed}**, profile **${r.profile}**, started ${r.startedAt}, ${(r.durationMs / 1000).toFixed(0)} s.`,
    `Replay: \`${r.replay}\``,
    '',
    '## Orders per fault type',
    '',
    ...ordersTable(r),
    '',
    `Drain took ${(r.drainMs / 1000).toFixed(1)} s; outbox backlog after drain: ${fmt(r.outboxAfterDrain as Record<string, number>)}.`,
    '',
    ...phaseNotes(r),
    ...exitsSection(r),
    ...stockSection(r),
    ...erpSection(r),
    ...orderingSection(r),
    ...clusterSection(r),
    ...stormSection(r),
    ...poisonSection(r),
    ...badInputSection(r),
    ...serverErrorSection(r),
    '## Not run',
    '',
    ...(r.notRun.length ? r.notRun.map((n) => `- ${n}`) : ['- nothing skipped']),
    '',
    '## Violations',
    '',
    ...(r.violations.length ? r.violations.map((v) => `- ${v}`) : ['- none']),
    '',
    '## What one machine cannot test',
    '',
    ...r.notTestedHere.map((n) => `- ${n}`),
    '',
  ];
  return out.join('\n');
}

function clusterSection(r: FaultReport): string[] {
  const out: string[] = [];
  if (r.cluster) {
    out.push(
      '## Cluster',
      '',
      `${r.cluster.natsNodes} NATS nodes (JetStream clustered), ${r.cluster.replicasPerService} replicas of every service behind a round-robin balancer; the simulators one each.`,
      '',
      ...Object.entries(r.cluster.streams).map(([s, v]) => `- ${s}: ${v}`),
      '',
    );
  }
  const l = r.leases;
  if (l)
    out.push(
      '## Job leases (takeover after a holder dies)',
      '',
      `${l.samples} samples (${l.skipped} skipped: PostgreSQL down) of the job queues of ${l.schemas.join(', ') || 'no schema'}: a lease expired and not yet taken over waited at the head of its queue at most **${(l.maxOverdueMs / 1000).toFixed(1)} s** (bound ${l.boundMs / 1000} s, counted from its expiry or from the last sample that saw it behind older due jobs; a lease lasts at most its queue's lease length after its holder died); behind older due jobs of its queue (a backlog, claimed in turn) at most ${((l.maxBehindBacklogMs ?? 0) / 1000).toFixed(1)} s.`,
      ...l.overdue.map((o) => `- overdue: ${o}`),
      '',
    );
  return out;
}

function phaseNotes(r: FaultReport): string[] {
  const out = ['### Faults injected', ''];
  for (const p of r.phases) {
    out.push(
      `- **${p.name}** (${p.description}; ${(p.ms / 1000).toFixed(1)} s): ${p.faults.join('; ') || 'none'}${p.error ? ` — error: ${p.error}` : ''}`,
    );
    if (p.stuck.length)
      out.push(
        `  - stuck after drain: ${p.stuck.slice(0, 5).join(', ')}${p.stuck.length > 5 ? ' …' : ''}`,
      );
  }
  return [...out, ''];
}

function exitsSection(r: FaultReport): string[] {
  if (!r.unexpectedExits.length)
    return [
      '## Unexpected service exits',
      '',
      '- none: every service stayed up unless the suite killed it',
      '',
    ];
  const out = [
    '## Unexpected service exits',
    '',
    'Not an invariant of the contract, but a finding: the service exited on its own (the harness restarted it, as Kubernetes would).',
    '',
  ];
  for (const e of r.unexpectedExits) {
    const last = lastErrorLine(e.lastLog);
    out.push(
      `- ${e.service} during ${e.phase} (exit code ${e.code}, signal ${e.signal}): ${last.slice(0, 300)}`,
    );
  }
  return [...out, ''];
}

/** The most telling line of a crashed process's output (ANSI colours stripped). */
export function lastErrorLine(output: string): string {
  const lines = output
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const telling = [...lines].reverse().find((l) => /error|fatal|ECONN|terminated/i.test(l));
  return telling ?? lines[lines.length - 1] ?? '';
}

function stockSection(r: FaultReport): string[] {
  const s = r.stock;
  const out = [
    '## Stock',
    '',
    `- invariant samples (SQL, every 250 ms): ${s.samples} taken, ${s.skipped} skipped while PostgreSQL was unreachable; samples with reserved > on-hand: **${s.reservedOverOnHand}**`,
    `- API samples (GET /v1/positions): ${s.apiSamples}; samples with available < 0 or reserved > on-hand: **${s.negativeAvailable}**`,
  ];
  if (s.examples.length) out.push(`- examples: ${s.examples.join('; ')}`);
  const m = r.movements;
  if (m) {
    out.push(
      m.notRun
        ? `- movements: not run (${m.notRun})`
        : `- duplicated + reordered movements: ${m.events} events, ${m.deliveries} deliveries in ${m.requests} requests (${m.faults.join('; ')}); lost ${m.check.lost}, duplicated in ledger ${m.check.duplicated}, applied twice ${m.appliedTwice}, positions off the model ${m.wrongFinalOnHand.length}${m.wrongFinalOnHand.length ? ` (${m.wrongFinalOnHand.slice(0, 3).join('; ')})` : ''}`,
    );
  }
  const c = r.contention;
  if (c) {
    out.push(
      c.notRun
        ? `- cross-channel contention: not run (${c.notRun})`
        : `- cross-channel contention: ${c.requests} reservation requests on scarce SKUs (${fmt(c.answers)}); over-granted SKUs ${c.overGranted.length}, over-reserved positions ${c.overReserved.length}, reservations lost ${c.check.lost}, duplicated ${c.check.duplicated}`,
    );
  }
  const w = r.wms;
  if (w) {
    out.push(
      w.notRun
        ? `- WMS delayed acknowledgements: ${w.notRun}`
        : `- WMS delayed acknowledgements: ${w.ordersHandedToWms} orders handed to the WMS (${w.fulfillmentRequests} requests, each sent twice; ${w.notHandedOver} not confirmed in time to be handed over); not fulfilled after drain **${w.notFulfilled.length}**; reservations consumed ${w.reservationsConsumed}, consumed twice **${w.consumedTwice.length}**`,
    );
  }
  return [...out, ''];
}

function erpSection(r: FaultReport): string[] {
  const e = r.erpStats as any;
  if (!e?.erp) return r.erpDoubles ? ['## ERP', '', ...erpDoublesLines(r.erpDoubles), ''] : [];
  const so = e.erp.salesOrders ?? {};
  const rq = e.erp.requests ?? {};
  return [
    '## ERP (simulator /admin/stats)',
    '',
    `- sales orders created ${so.created}, repeated upserts (harmless retries) ${so.repeated}; requests ${rq.total}: admitted ${rq.admitted}, over concurrency ${rq.overConcurrency}, throttled ${rq.throttled}, down ${rq.down}, injected errors ${rq.injectedErrors}, dropped after commit ${rq.droppedAfterCommit}; peak concurrency ${e.erp.peakConcurrency} (limit ${e.erp.maxConcurrency})`,
    ...erpDoublesLines(r.erpDoubles),
    '',
  ];
}

function erpDoublesLines(d: ErpDoublesReport | undefined): string[] {
  if (!d) return [];
  const kinds = Object.keys(d.read) as Array<keyof ErpDoublesReport['read']>;
  return [
    `- ERP calls doubled (simulator's records, order timeline): ${kinds.map((k) => `${k}s ${d.read[k]} read, **${d.counts[k]}** doubled`).join('; ')}${d.error ? ` (not all read: ${d.error})` : ''}`,
    ...d.doubled.slice(0, 5).map((x) => `  - ${x.document} ${x.key}: ${x.records.join(', ')}`),
  ];
}

function orderingSection(r: FaultReport): string[] {
  const o = r.ordering;
  if (!o) return [];
  const eg = (list: OrderingReport['streamOutOfOrder']) =>
    list
      .slice(0, 5)
      .map(
        (x) =>
          `  - ${x.consumer ? `${x.consumer}: ` : ''}${x.stream} ${x.key}: ${x.older.id} (sequence ${Number(x.older.sequence)}, stream #${x.older.streamSeq}) after ${x.newer.id} (sequence ${Number(x.newer.sequence)}, stream #${x.newer.streamSeq})`,
      );
  const c = o.counts;
  return [
    '## Events out of order',
    '',
    `- read: ${fmt(o.events)} events with a \`sequence\` (${o.aggregates} aggregates); not judged: ${o.notJudged.withoutSequence} without sequence, ${o.notJudged.replays} replayed copies${o.error ? `; not all read: ${o.error}` : ''}`,
    `- stored after a newer event of their aggregate: **${c.streamOutOfOrder}**; explained by a publish retry (ADR 0027): ${c.explainedByRetry}`,
    ...eg(o.streamOutOfOrder),
    `- consumers compared (inbox rows naming a stream event): ${fmt(o.consumers) || 'none'}`,
    `- applied after a newer event of their aggregate: **${c.appliedOutOfOrder}**; applied as the stream stored them: ${c.appliedAsStored}`,
    ...eg(o.appliedOutOfOrder),
    '',
  ];
}

function stormSection(r: FaultReport): string[] {
  const s = r.storm;
  if (!s) return [];
  if (s.notRun) return ['## Retry storm', '', `- not run: ${s.notRun}`, ''];
  return [
    '## Retry storm',
    '',
    `- ${s.requests} concurrent identical Shopify webhooks (${s.key}), each sent until a 2xx as Shopify does (after the \`Retry-After\` of a shed answer), in ${(s.ms / 1000).toFixed(1)} s: ${s.attempts} attempts, answers ${fmt(s.answers)}`,
    `- orders created: **${s.ordersCreated ?? 'n/a'}** (1), ERP sales orders: **${s.erpSalesOrders ?? 'n/a'}** (1), distinct orderIds answered: ${s.distinctOrderIds} (1), deliveries never acknowledged: **${s.unacknowledged}** (0), 5xx other than 503 with Retry-After: **${s.fiveXx}** (0); shed (503/429 with Retry-After, retried): ${s.shed}`,
    '',
  ];
}

function poisonSection(r: FaultReport): string[] {
  const p = r.poison;
  if (!p) return [];
  if (p.notRun) return ['## Poison messages', '', `- not run: ${p.notRun}`, ''];
  return [
    '## Poison messages',
    '',
    `- ${p.published} published straight to \`${p.subject}\` (half not JSON, half a CloudEvent with unusable data)`,
    `- dead-lettered: **${p.deadLettered}** (with a reason: ${p.withReason}) by ${p.consumers.join(', ') || 'nobody'} within ${(p.waitedMs / 1000).toFixed(1)} s`,
    `- replayed once: **${p.replayed}**; second replay refused as already-replayed: ${p.secondReplayRefused}; replayed copies dead-lettered again (bytes still poison): ${p.deadLetteredAgainAfterReplay}`,
    '',
  ];
}

function badInputSection(r: FaultReport): string[] {
  const b = r.badInputs;
  if (!b) return [];
  const head = [
    'class',
    'tried',
    'accepted',
    '5xx',
    'other 4xx',
    'problem+json',
    'not run',
    'statuses',
  ];
  const lines = [row(head), row(head.map(() => '---'))];
  for (const [cls, c] of Object.entries(b.classes))
    lines.push(
      row([
        cls,
        c.tried,
        c.accepted,
        c.fiveXx,
        c.otherStatus,
        c.problemJson,
        c.notRun,
        fmt(c.statuses),
      ]),
    );
  const t = b.total;
  lines.push(
    row(['**total**', t.tried, t.accepted, t.fiveXx, t.otherStatus, t.problemJson, t.notRun, '']),
  );
  const examples = Object.entries(b.classes).flatMap(([cls, c]) =>
    c.examples.map((e) => `- ${cls}: ${e}`),
  );
  return [
    '## Bad inputs',
    '',
    ...lines,
    '',
    `Rows persisted by bad inputs: **${b.rowsPersisted}**${b.rowDiff.length ? ` (${b.rowDiff.join('; ')})` : ''}.`,
    '',
    ...(examples.length ? ['Accepted or 5xx examples:', '', ...examples, ''] : []),
  ];
}

/** The file name stem of a run's report (`.json`, `.md`) and of its log folder (`-logs`). */
export function reportBase(profile: string, seed: number): string {
  return `faults-${profile}-seed${seed}`;
}

export function writeReport(dir: string, r: FaultReport): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const base = reportBase(r.profile, r.seed);
  const jsonPath = join(dir, `${base}.json`);
  const mdPath = join(dir, `${base}.md`);
  writeFileSync(jsonPath, JSON.stringify(r, null, 2));
  writeFileSync(mdPath, toMarkdown(r));
  writeFileSync(join(dir, 'latest.md'), toMarkdown(r));
  return { json: jsonPath, md: mdPath };
}
