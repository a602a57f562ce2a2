import { jetstream } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { Ctx, isRouteMissing } from './context';
import { http } from './http';
import { sleep } from './infra/processes';
import { NATS_NAMESPACE } from './infra/stack';
import { adminHeaders } from './load';

export interface PoisonReport {
  published: number;
  subject: string;
  /** Dead letters found for our poison messages (one per consuming durable). */
  deadLettered: number;
  withReason: number;
  consumers: string[];
  replayed: number;
  /** Second replay of the same dead letter: must answer already-replayed (replayed once). */
  secondReplayRefused: number;
  /** Replayed copies that failed again and were dead-lettered again (bytes still bad). */
  deadLetteredAgainAfterReplay: number;
  waitedMs: number;
  notRun?: string;
}

const LOGICAL_SUBJECT = 'retail.orders.v1.order.shipped';

/**
 * F17: poison messages published straight to a JetStream subject a service consumes. Half are
 * not JSON at all, half are well-formed CloudEvents whose data the handler must refuse. Each
 * must land in RETAIL_DLQ with a reason (within MAX_DELIVER), be replayable once through
 * POST /v1/ops/dlq/{id}/replay, and a second replay must be refused as already done.
 */
export async function poisonPhase(ctx: Ctx): Promise<PoisonReport> {
  const tag = `poison-${ctx.catalog.tag}`;
  const subject = `${NATS_NAMESPACE}.${LOGICAL_SUBJECT}`;
  const base = emptyReport(ctx.profile.poison, subject);
  const probe = await listDlq(ctx);
  if (isRouteMissing(probe.status, probe.text))
    return { ...base, notRun: 'route missing: GET /v1/ops/dlq' };
  await publishPoison(ctx, subject, tag);
  const started = Date.now();
  let mine: any[] = [];
  while (Date.now() - started < 60_000) {
    mine = (await allDeadLetters(ctx)).filter((e: any) =>
      JSON.stringify(e.headers ?? {}).includes(tag),
    );
    if (mine.length >= ctx.profile.poison) break;
    await sleep(1000);
  }
  const report = {
    ...base,
    deadLettered: mine.length,
    withReason: mine.filter((e) => typeof e.reason === 'string' && e.reason.length > 0).length,
    consumers: [...new Set(mine.map((e) => String(e.consumer)))],
    waitedMs: Date.now() - started,
  };
  return { ...report, ...(await replayAll(ctx, mine, tag)) };
}

function emptyReport(published: number, subject: string): PoisonReport {
  return {
    published,
    subject,
    deadLettered: 0,
    withReason: 0,
    consumers: [],
    replayed: 0,
    secondReplayRefused: 0,
    deadLetteredAgainAfterReplay: 0,
    waitedMs: 0,
  };
}

function listDlq(ctx: Ctx, fromSequence?: number) {
  const from = fromSequence ? `&fromSequence=${fromSequence}` : '';
  return http({
    method: 'GET',
    url: `${ctx.stack.url('inventory')}/v1/ops/dlq?stream=RETAIL_ORDERS&limit=500${from}`,
    headers: adminHeaders,
  });
}

/** Every dead letter of RETAIL_ORDERS, following the `x-next-cursor` pages. */
async function allDeadLetters(ctx: Ctx): Promise<any[]> {
  const out: any[] = [];
  let cursor: number | undefined;
  for (let page = 0; page < 50; page++) {
    const res = await listDlq(ctx, cursor);
    if (!Array.isArray(res.json)) break;
    out.push(...res.json);
    const next = Number(res.headers?.get('x-next-cursor'));
    if (!next || next === cursor) break;
    cursor = next;
  }
  return out;
}

async function publishPoison(ctx: Ctx, subject: string, tag: string): Promise<void> {
  const nc = await connect({ servers: ctx.stack.directNatsServers });
  try {
    const js = jetstream(nc);
    for (let i = 0; i < ctx.profile.poison; i++) {
      const h = natsHeaders();
      h.set('x-correlation-id', `${tag}-${i}`);
      const payload = i % 2 === 0 ? `${tag}-${i} {not json` : JSON.stringify(badEnvelope(tag, i));
      await js.publish(subject, payload, { msgID: `${tag}-${i}`, headers: h });
    }
  } finally {
    await nc.close();
  }
}

/** A valid CloudEvents envelope whose data lacks everything the consumer needs. */
function badEnvelope(tag: string, i: number) {
  return {
    specversion: '1.0',
    id: `${tag}-${i}`,
    source: '/retail/faults',
    type: LOGICAL_SUBJECT,
    time: new Date().toISOString(),
    subject: `${tag}-${i}`,
    correlationid: `${tag}-${i}`,
    dataschemaversion: '1.0',
    data: { poison: true },
  };
}

async function replayAll(ctx: Ctx, entries: any[], tag: string) {
  const replay = (id: number) =>
    http({
      method: 'POST',
      url: `${ctx.stack.url('inventory')}/v1/ops/dlq/${id}/replay`,
      headers: adminHeaders,
    });
  let replayed = 0;
  let refused = 0;
  for (const e of entries) {
    const first = await replay(e.id);
    if (first.status === 200 && first.json?.status === 'replayed') replayed++;
    const second = await replay(e.id);
    if (second.status === 200 && second.json?.status === 'already-replayed') refused++;
  }
  await sleep(3000);
  const after = (await allDeadLetters(ctx)).filter(
    (e: any) =>
      JSON.stringify(e.headers ?? {}).includes(tag) &&
      JSON.stringify(e.headers ?? {}).includes('x-retail-replay-of'),
  );
  return { replayed, secondReplayRefused: refused, deadLetteredAgainAfterReplay: after.length };
}
