// Issue 15: availability at scale. Stock changes at a fixed rate across many SKUs through
// inventory's movements API, with channel-sync pushing to the channel simulator. Shows, per
// channel: push latency (from the oldest change a push carries to the channel's acceptance,
// channel-sync's retail_channel_availability_push_latency_seconds), calls and figures per second
// against the vendor's limit, the limiter's peak against its capacity, 429s / THROTTLED answers,
// what is still pending at the end, and whether the channel ends on our figure.
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { closedLoop, openLoop, sleep } from './http.mjs';
import { labelOf, metricSamples } from './metrics-text.js';

/**
 * Each account's budget for availability as channel-sync spends it (ADR 0023): calls per second,
 * figures per call, and the simulator limiter that enforces it (null: the vendor publishes none,
 * channel-sync's own default budget applies).
 */
export const PUSH_LIMITS = {
  shopify: {
    callsPerSecond: 5,
    perCall: 250,
    limiter: 'graphql-admin',
    note: '50 points/s, 10 per call',
  },
  amazon: {
    callsPerSecond: 5,
    perCall: 1,
    limiter: 'patchListingsItem',
    note: 'patchListingsItem 5/s',
  },
  'adobe-commerce': { callsPerSecond: 5, perCall: 100, limiter: null, note: 'default budget 5/s' },
  bigcommerce: {
    callsPerSecond: 5,
    perCall: 100,
    limiter: 'store',
    note: '150 per 30 s; channel-sync bucket 2.5/s + 75',
  },
  'salesforce-commerce': {
    callsPerSecond: 5,
    perCall: 50,
    limiter: null,
    note: 'default budget 5/s, OCAPI batch of 50',
  },
  square: { callsPerSecond: 10, perCall: 100, limiter: null, note: 'default budget 10/s' },
};

/** The six channels, each with an account in channel-sync. */
export const AV_CHANNELS = Object.keys(PUSH_LIMITS);

const LATENCY = 'retail_channel_availability_push_latency_seconds';

/** Cumulative histogram buckets per channel from a Prometheus text page. */
export function latencyBuckets(text) {
  const out = {};
  for (const { labels, value } of metricSamples(text, `${LATENCY}_bucket`)) {
    const channel = labelOf(labels, 'channel');
    const le = labelOf(labels, 'le');
    if (!channel || !le) continue;
    (out[channel] ??= {})[le] = value;
  }
  return out;
}

/** Quantile from cumulative buckets (as histogram_quantile: linear within the bucket). */
export function quantile(buckets, q) {
  const bounds = Object.keys(buckets)
    .filter((le) => le !== '+Inf')
    .map(Number)
    .sort((a, b) => a - b);
  const total = buckets['+Inf'] ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let prevBound = 0;
  let prevCount = 0;
  for (const bound of bounds) {
    const count = buckets[String(bound)] ?? 0;
    if (count >= rank)
      return (
        prevBound + ((bound - prevBound) * (rank - prevCount)) / Math.max(1, count - prevCount)
      );
    prevBound = bound;
    prevCount = count;
  }
  return Infinity; // above the last finite bucket
}

function diffBuckets(after = {}, before = {}) {
  return Object.fromEntries(Object.entries(after).map(([le, n]) => [le, n - (before[le] ?? 0)]));
}

/**
 * Primes `skus` (one receipt each, waits for the channels to show them, Amazon excepted: 5/s),
 * then sends `rate` changes/s for `durationMs`, then lets the pushes drain for `drainMs`.
 */
export async function availabilityScale(
  product,
  { skus, location, rate, durationMs, drainMs, batchPerTick = 20, log },
) {
  const metrics = async () => (await product.call('channel-sync', 'GET', '/metrics')).text;
  const sim = async (path) => (await product.call('channel-simulator', 'GET', path)).json();
  let seq = 0;
  const movement = (sku, type, quantity) => ({
    eventId: `av-${Date.now()}-${++seq}`,
    source: 'bench-av',
    sourceSequence: seq,
    occurredAt: new Date().toISOString(),
    type,
    sku,
    locationId: location,
    quantity,
  });
  const record = (batch) => product.call('inventory', 'POST', '/v1/inventory/movements', batch);

  log(`availability: priming ${skus.length} SKUs (one receipt each)`);
  for (let i = 0; i < skus.length; i += 500)
    await product.must(
      await record(skus.slice(i, i + 500).map((s) => movement(s, 'receipt', 500))),
      'priming',
    );
  const primeDeadline = Date.now() + 180_000;
  for (;;) {
    const shown = new Set((await sim('/admin/inventory')).map((e) => `${e.channel}|${e.sku}`));
    const missing = AV_CHANNELS.filter((c) => c !== 'amazon').filter((c) =>
      skus.some((s) => !shown.has(`${c}|${s}`)),
    );
    if (missing.length === 0 || Date.now() > primeDeadline) break;
    log(`… priming: waiting for ${missing.join(', ')}`);
    await sleep(2000);
  }

  const statsBefore = await sim('/admin/stats');
  const bucketsBefore = latencyBuckets(await metrics());
  const lastCall = Math.max(0, ...(await sim('/admin/calls?limit=1')).map((c) => c.seq));
  log(`availability: ${rate} changes/s across ${skus.length} SKUs for ${durationMs / 1000} s`);
  const answers = { ok: 0, failed: 0 };
  const started = Date.now();
  const load = await openLoop({
    ratePerSecond: rate / batchPerTick,
    durationMs,
    task: async () => {
      const batch = Array.from({ length: batchPerTick }, () => {
        const sku = skus[Math.floor(Math.random() * skus.length)];
        return Math.random() < 0.5 ? movement(sku, 'sale', 1) : movement(sku, 'receipt', 1);
      });
      const res = await record(batch);
      if (res.status === 200) answers.ok += batch.length;
      else answers.failed += batch.length;
    },
  });
  const loadEnded = Date.now();
  const backlog = await eventBacklog(product.stack);
  log(`availability: at the end of the load ${JSON.stringify(backlog)}`);
  log(
    `availability: load sent in ${Math.round(load.sendMs)} ms; draining up to ${drainMs / 1000} s`,
  );
  const drainDeadline = Date.now() + drainMs;
  let accounts = [];
  // Drained: nothing upstream (inventory's outbox, channel-sync's consumer) and nothing pending
  // in channel-sync, twice in a row (a flush may be under way between two reads); only then is
  // "the last value each channel holds equals ours" a fair question.
  let quietReads = 0;
  for (;;) {
    accounts = (await product.call('channel-sync', 'GET', '/v1/channels')).json()?.items ?? [];
    const waiting = accounts.filter(
      (a) => a.channel !== 'amazon' && a.outbound.availability.depth > 0,
    );
    const upstream = await eventBacklog(product.stack);
    const quiet =
      waiting.length === 0 &&
      upstream.inventoryOutboxUnpublished === 0 &&
      upstream.channelSyncConsumerPending === 0;
    quietReads = quiet ? quietReads + 1 : 0;
    if (quietReads >= 2 || Date.now() > drainDeadline) break;
    log(
      `… drain: ${waiting.map((a) => `${a.channel} ${a.outbound.availability.depth}`).join(', ') || 'channel-sync idle'}; upstream ${JSON.stringify(upstream)}`,
    );
    await sleep(1000);
  }
  const drainedAt = Date.now();
  const jobs = await availabilityJobs(product.stack);
  const bucketsAfter = latencyBuckets(await metrics());
  const statsAfter = await sim('/admin/stats');
  const calls = (await sim('/admin/calls?kind=inventory&limit=10000')).filter(
    (c) => c.seq > lastCall,
  );

  // Ours against what each channel shows, for every SKU (inventory's channel figure).
  const shown = new Map(
    (await sim('/admin/inventory')).map((e) => [`${e.channel}|${e.sku}`, e.quantity]),
  );
  const differ = Object.fromEntries(AV_CHANNELS.map((c) => [c, 0]));
  const pairs = AV_CHANNELS.flatMap((c) => skus.map((s) => [c, s]));
  let next = 0;
  await closedLoop({
    concurrency: 8,
    total: pairs.length,
    task: async () => {
      const [channel, sku] = pairs[next++];
      const ours = (
        await product.call('inventory', 'GET', `/v1/availability/${sku}?channel=${channel}`)
      ).json()?.available;
      if (shown.get(`${channel}|${sku}`) !== ours) differ[channel]++;
    },
  });

  const windowS = (drainedAt - started) / 1000;
  const loadS = (loadEnded - started) / 1000;
  const channels = AV_CHANNELS.map((channel) => {
    const b = diffBuckets(bucketsAfter[channel], bucketsBefore[channel]);
    const pushed = b['+Inf'] ?? 0;
    const within2s = b['2'] ?? 0;
    const mine = calls.filter((c) => c.channel === channel && Date.parse(c.at) <= loadEnded);
    const figures = mine.reduce((n, c) => n + (c.inventory?.length ?? 0), 0);
    const limit = PUSH_LIMITS[channel];
    const limiter = limit.limiter ? statsAfter[channel].limits[limit.limiter] : null;
    const ops = statsAfter[channel].operations;
    const opsBefore = statsBefore[channel].operations;
    const refused = Object.keys(ops).reduce(
      (n, op) => n + (ops[op].rateLimited ?? 0) - (opsBefore[op]?.rateLimited ?? 0),
      0,
    );
    const account = accounts.find((a) => a.channel === channel)?.outbound.availability ?? {};
    const p99 = quantile(b, 0.99);
    return {
      channel,
      pushesAccepted: pushed,
      latencyP50s: quantile(b, 0.5),
      latencyP99s: p99,
      shareWithin2s: pushed ? within2s / pushed : null,
      callsPerSecond: mine.length / loadS,
      figuresPerSecond: figures / loadS,
      limit: `${limit.callsPerSecond} calls/s x ${limit.perCall} (${limit.note})`,
      figureCapacityPerSecond: limit.callsPerSecond * limit.perCall,
      limiter: limiter
        ? {
            peakDemand: limiter.peakDemand,
            capacity: limiter.limit.capacity ?? limiter.limit.quota,
            earlyRetries: limiter.earlyRetries,
          }
        : null,
      refusedForRate: refused,
      pendingAtEnd: account.depth ?? null,
      oldestPendingAt: account.oldestPendingAt ?? null,
      skusDifferingFromOurs: differ[channel],
      drainJob: jobs.find((j) => j.queue === `outbound.${channel}`) ?? null,
      verdict:
        pushed > 0 && within2s / pushed >= 0.99 && (account.depth ?? 0) === 0 ? 'PASS' : 'MISS',
    };
  });
  return {
    rate,
    skus: skus.length,
    durationS: loadS,
    windowS,
    movementsAccepted: answers.ok,
    movementsFailed: answers.failed,
    backlogAtLoadEnd: backlog,
    figureCeilingPerSecond: channels.reduce((n, c) => n + c.figureCapacityPerSecond, 0),
    figuresPerSecond: channels.reduce((n, c) => n + c.figuresPerSecond, 0),
    channels,
  };
}

/** channel-sync's availability drain jobs at the end (state, attempts, last error): why rows wait. */
async function availabilityJobs(stack) {
  const client = new pg.Client({ connectionString: stack.databaseUrlOf('channel-sync') });
  try {
    await client.connect();
    const { rows } = await client.query(
      `SELECT queue, state, attempts, left(last_error, 300) AS last_error, run_at
         FROM channel_sync.jobs WHERE key = 'availability'`,
    );
    return rows;
  } catch (e) {
    return [{ error: e.message }];
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Where availability events wait when the load ends: inventory's outbox rows not yet published,
 * and the messages channel-sync's availability consumer has not yet taken (NATS num_pending).
 */
async function eventBacklog(stack) {
  const out = {};
  const client = new pg.Client({ connectionString: stack.databaseUrlOf('inventory') });
  try {
    await client.connect();
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM inventory.outbox WHERE published_at IS NULL`,
    );
    out.inventoryOutboxUnpublished = rows[0].n;
  } catch (e) {
    out.inventoryOutboxUnpublished = `unknown: ${e.message}`;
  } finally {
    await client.end().catch(() => {});
  }
  const nc = await connect({ servers: stack.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const si of jsm.streams.list()) {
      if (!si.config.name.startsWith(`${stack.namespace.toUpperCase()}_`)) continue;
      for await (const ci of jsm.consumers.list(si.config.name))
        if (ci.name.includes('channel-sync--availability'))
          out.channelSyncConsumerPending = ci.num_pending + ci.num_ack_pending;
    }
  } catch (e) {
    out.channelSyncConsumerPending = `unknown: ${e.message}`;
  } finally {
    await nc.close();
  }
  return out;
}
