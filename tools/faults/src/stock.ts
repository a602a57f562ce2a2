import { Attempt, checkHistory, CheckSummary, Observed } from './checker';
import { Ctx, isRouteMissing, query } from './context';
import { json } from './http';
import { sleep } from './infra/processes';
import { adminHeaders, post } from './load';
import { duplicateAndReorder, expectedOnHand, generateMovements, Movement } from './movement-model';

export interface MovementReport {
  events: number;
  deliveries: number;
  requests: number;
  check: CheckSummary;
  /** Events the API reported as `applied` more than once (a duplicate effect). */
  appliedTwice: number;
  /** Positions whose final on-hand differs from the model's prediction. */
  wrongFinalOnHand: string[];
  faults: string[];
  notRun?: string;
}

/**
 * F11/F12: every movement delivered 1..maxCopies times, permuted, in small batches over
 * parallel lanes, with inventory SIGKILLed and restarted in the middle. Afterwards each
 * eventId must be in the ledger once and every position must equal the model's prediction.
 */
export async function movementPhase(ctx: Ctx): Promise<MovementReport> {
  const rng = ctx.rng.fork('movements');
  const movements = generateMovements(rng, {
    prefix: ctx.catalog.tag,
    positions: ctx.profile.movementPositions,
    perPosition: ctx.profile.movementsPerPosition,
    locationId: ctx.catalog.dc,
  });
  const deliveries = duplicateAndReorder(rng, movements, ctx.profile.maxCopies);
  const batches = toBatches(deliveries, () => rng.int(1, 5));
  const faults: string[] = [];
  const applied = new Map<string, number>();
  let requests = 0;
  let missing = false;
  const url = `${ctx.stack.url('inventory')}/v1/inventory/movements`;
  const send = async (batch: Movement[]) => {
    for (let attempt = 1; attempt <= ctx.profile.maxAttempts; attempt++) {
      const invokedAt = Date.now();
      const res = await post(url, json(batch), adminHeaders);
      requests++;
      if (isRouteMissing(res.status, res.text)) missing = true;
      for (const m of batch) ctx.history.record('movements', 'movement', m.eventId, invokedAt, res);
      if (res.status && res.status < 300) {
        for (const r of res.json?.results ?? [])
          if (r.status === 'applied') applied.set(r.eventId, (applied.get(r.eventId) ?? 0) + 1);
        return;
      }
      if (res.status && res.status >= 400 && res.status < 500 && ![409, 429].includes(res.status))
        return;
      await sleep(Math.min(300 * 2 ** attempt, 3000));
    }
  };
  let next = 0;
  const lane = async () => {
    while (next < batches.length && !missing) await send(batches[next++]);
  };
  const killer = async () => {
    await sleep(rng.int(500, 1500));
    if (missing) return;
    const pid = ctx.stack.pid('inventory');
    await ctx.stack.kill('inventory');
    faults.push(`SIGKILL inventory (pid ${pid}) during delivery`);
    const ok = await ctx.stack.restart('inventory');
    faults.push(`inventory restarted, ready=${ok}`);
  };
  await Promise.all([lane(), lane(), lane(), killer()]);
  const base = { events: movements.length, deliveries: deliveries.length, requests, faults };
  if (missing)
    return {
      ...base,
      check: emptyCheck(),
      appliedTwice: 0,
      wrongFinalOnHand: [],
      notRun: 'route missing: POST /v1/inventory/movements',
    };
  return { ...base, ...(await verifyMovements(ctx, movements, applied)) };
}

function toBatches<T>(items: T[], size: () => number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length;) {
    const n = size();
    out.push(items.slice(i, i + n));
    i += n;
  }
  return out;
}

async function verifyMovements(ctx: Ctx, movements: Movement[], applied: Map<string, number>) {
  const source = movements[0]?.source;
  const ledger = await query<{ event_id: string; n: number }>(
    ctx,
    `SELECT event_id, count(*)::int AS n FROM inventory.movements WHERE source = $1 GROUP BY event_id`,
    [source],
  );
  const observed = new Map<string, Observed>(
    ledger.rows.map((r) => [r.event_id, { records: r.n }]),
  );
  const attempts: Attempt[] = ctx.history
    .of('movement', 'movements')
    .map((e) => ({ key: e.key, type: e.type }));
  const unresolved = ledger.error ? new Set(attempts.map((a) => a.key)) : new Set<string>();
  const { summary } = checkHistory(attempts, observed, unresolved);
  const expected = expectedOnHand(movements);
  const positions = await query<{ sku: string; location_id: string; on_hand: number }>(
    ctx,
    `SELECT sku, location_id, on_hand FROM inventory.positions WHERE sku LIKE $1`,
    [`${ctx.catalog.tag}-MV-%`],
  );
  const actual = new Map(positions.rows.map((r) => [`${r.sku}|${r.location_id}`, r.on_hand]));
  const wrong = [...expected]
    .filter(([key, qty]) => actual.get(key) !== qty)
    .map(([key, qty]) => `${key}: expected ${qty}, found ${actual.get(key) ?? 'none'}`);
  const appliedTwice = [...applied.values()].filter((n) => n > 1).length;
  return { check: summary, appliedTwice, wrongFinalOnHand: wrong };
}

function emptyCheck(): CheckSummary {
  return checkHistory([], new Map()).summary;
}

export interface ContentionReport {
  requests: number;
  answers: Record<string, number>;
  /** Units granted per scarce SKU (from the answers) vs on-hand: must never exceed. */
  overGranted: string[];
  /** Positions where the stored reserved exceeds on-hand after the run. */
  overReserved: string[];
  check: CheckSummary;
  notRun?: string;
}

/**
 * F15: every channel asks for far more than the scarce SKUs hold, concurrently. The sum of the
 * units granted must never exceed on-hand, whatever the interleaving.
 */
export async function contentionPhase(ctx: Ctx): Promise<ContentionReport> {
  const rng = ctx.rng.fork('contention');
  const channels = ['shopify', 'amazon', 'pos', 'bigcommerce'];
  const url = `${ctx.stack.url('inventory')}/v1/reservations`;
  const requests = ctx.catalog.scarceSkus.flatMap((sku) =>
    channels.flatMap((channel) =>
      Array.from({ length: ctx.profile.reservationsPerScarceSku }, (_, n) => ({
        orderId: `${ctx.catalog.tag}-res-${sku}-${channel}-${n}`,
        lineId: '1',
        sku,
        quantity: rng.int(1, 2),
        channel,
      })),
    ),
  );
  const answers: Record<string, number> = {};
  const granted = new Map<string, number>();
  let missing = false;
  await Promise.all(
    rng.shuffle(requests).map(async (body) => {
      const invokedAt = Date.now();
      const res = await post(url, json(body), {
        ...adminHeaders,
        'idempotency-key': `${body.orderId}.${body.lineId}`,
      });
      if (isRouteMissing(res.status, res.text)) missing = true;
      answers[String(res.status ?? res.error)] =
        (answers[String(res.status ?? res.error)] ?? 0) + 1;
      ctx.history.record(
        'contention',
        'reservation',
        `${body.orderId}.${body.lineId}`,
        invokedAt,
        res,
        res.json?.reservationId,
      );
      const units = (res.json?.allocations ?? []).reduce(
        (a: number, x: any) => a + (x.quantity ?? 0),
        0,
      );
      granted.set(body.sku, (granted.get(body.sku) ?? 0) + units);
    }),
  );
  const base = { requests: requests.length, answers };
  if (missing)
    return {
      ...base,
      overGranted: [],
      overReserved: [],
      check: emptyCheck(),
      notRun: 'route missing: POST /v1/reservations',
    };
  return { ...base, ...(await verifyContention(ctx, granted)) };
}

async function verifyContention(ctx: Ctx, granted: Map<string, number>) {
  const positions = await query<{ sku: string; on_hand: number; reserved: number }>(
    ctx,
    `SELECT sku, sum(on_hand)::int AS on_hand, sum(reserved)::int AS reserved
       FROM inventory.positions WHERE sku = ANY($1) GROUP BY sku`,
    [ctx.catalog.scarceSkus],
  );
  const onHand = new Map(positions.rows.map((r) => [r.sku, r]));
  const overGranted = [...granted]
    .filter(([sku, units]) => units > (onHand.get(sku)?.on_hand ?? 0))
    .map(([sku, units]) => `${sku}: granted ${units} > onHand ${onHand.get(sku)?.on_hand}`);
  const overReserved = positions.rows
    .filter((r) => r.reserved > r.on_hand)
    .map((r) => `${r.sku}: reserved ${r.reserved} > onHand ${r.on_hand}`);
  const rows = await query<{ order_id: string; line_id: string; id: string }>(
    ctx,
    `SELECT order_id, line_id, id FROM inventory.reservations WHERE order_id LIKE $1`,
    [`${ctx.catalog.tag}-res-%`],
  );
  const observed = new Map<string, Observed>();
  for (const r of rows.rows) {
    const key = `${r.order_id}.${r.line_id}`;
    const prev = observed.get(key);
    observed.set(key, { records: (prev?.records ?? 0) + 1, ids: [...(prev?.ids ?? []), r.id] });
  }
  const attempts: Attempt[] = ctx.history
    .of('reservation', 'contention')
    .map((e) => ({ key: e.key, type: e.type, resultId: e.resultId }));
  const unresolved = rows.error ? new Set(attempts.map((a) => a.key)) : new Set<string>();
  return { overGranted, overReserved, check: checkHistory(attempts, observed, unresolved).summary };
}
