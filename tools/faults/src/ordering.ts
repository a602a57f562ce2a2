import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Ctx, query } from './context';
import { NATS_NAMESPACE, SCHEMAS } from './infra/stack';
// Relative, as run.mjs runs the suite with ts-node without the path aliases.
import { DOMAIN_STREAMS } from '../../../libs/contracts/src/common/streams';
import { SUBJECTS } from '../../../libs/contracts/src/subjects';

/**
 * "Events out of order". Every event the outbox relay publishes carries the CloudEvents
 * `sequence` (its outbox position, 20 digits), increasing per producing service in commit order
 * of the aggregate's transactions. Sequences of different producers are not comparable, so the
 * unit of order is the **aggregate of one source**: CloudEvent `source` plus
 *
 * - `subject` for orders (order id), reservations (reservation id), returns (return id),
 *   products, locations...;
 * - `subject` = `<sku>@<locationId>` for `movement.recorded`;
 * - `data.sku` + `data.channel` for `availability.changed` (one event per SKU and channel).
 *
 * Two checks:
 * 1. **Stream order**: reading each domain stream from its first message, an event whose
 *    `sequence` is lower than one already stored for its aggregate went backwards. The relay
 *    allows exactly one cause (ADR 0027): a publish that failed while later rows of the batch
 *    were stored; the failed row is then published again after them. Those are counted as
 *    "explained by a publish retry" when the older event's outbox row shows more than one
 *    publish attempt; any other regression is a violation.
 * 2. **Application order**: each service's inbox records which event a consumer applied and
 *    when (`received_at`, the applying transaction's start). Per consumer and aggregate, an
 *    event applied strictly after an event with a higher `sequence` was applied out of order.
 *    When the stream itself held the two the other way round, the consumer only followed the
 *    stream (counted, explained by check 1); otherwise the consumer reordered: a violation.
 *    Events applied in one transaction (same `received_at`) are not ordered against each other.
 *
 * Not judged: messages without `sequence` (commands the suite publishes itself, poison) and
 * copies re-published by a replay (header `x-retail-replay-of`), counted in the report.
 */
export interface StreamEvent {
  stream: string;
  /** Position in the JetStream stream. */
  streamSeq: number;
  /** CloudEvent id. */
  id: string;
  /** `source aggregate`: the unit of order. */
  key: string;
  /** CloudEvents `sequence` (20 digits). */
  sequence: string;
}

export interface InboxRow {
  consumer: string;
  messageId: string;
  /** `received_at` in microseconds since the epoch. */
  receivedAtUs: number;
}

export interface Reversal {
  stream: string;
  key: string;
  /** `schema.consumer` for application reversals. */
  consumer?: string;
  /** The newer event (higher sequence), stored or applied first. */
  newer: { id: string; sequence: string; streamSeq: number };
  /** The older event (lower sequence), stored or applied after it. */
  older: { id: string; sequence: string; streamSeq: number };
}

export interface OrderingReport {
  /** Events with a `sequence` read per stream. */
  events: Record<string, number>;
  aggregates: number;
  /** Messages without `sequence` and replayed copies: not judged. */
  notJudged: { withoutSequence: number; replays: number };
  /** Exact counts; the lists below keep the first {@link LIST_CAP} of each as examples. */
  counts: {
    streamOutOfOrder: number;
    explainedByRetry: number;
    appliedOutOfOrder: number;
    appliedAsStored: number;
  };
  /** Stream regressions not explained by a publish retry: violations. */
  streamOutOfOrder: Reversal[];
  /** Stream regressions of an event whose first publish failed (ADR 0027): allowed, counted. */
  explainedByRetry: Reversal[];
  /** Per `schema.consumer`: inbox rows naming an event of the streams (the rows compared). */
  consumers: Record<string, number>;
  /** A consumer applied an older event after a newer one the stream held in order: violations. */
  appliedOutOfOrder: Reversal[];
  error?: string;
}

const REPLAY_HEADER = 'x-retail-replay-of';
const LIST_CAP = 50;

/** The unit of order of an event: its source plus the aggregate it is about. */
export function aggregateKey(ce: {
  source?: unknown;
  type?: unknown;
  subject?: unknown;
  data?: any;
}): string {
  const type = String(ce.type ?? '');
  const aggregate =
    type === SUBJECTS.AVAILABILITY_CHANGED
      ? `${ce.data?.sku}/${ce.data?.channel}`
      : String(ce.subject ?? '');
  return `${String(ce.source ?? '')} ${aggregate}`;
}

/**
 * Stream order: per stream and aggregate, every event whose sequence is lower than the highest
 * already stored. `retried` = ids of events whose outbox row was published more than once.
 */
export function streamReversals(
  events: StreamEvent[],
  retried: Set<string>,
): { unexplained: Reversal[]; explained: Reversal[] } {
  const unexplained: Reversal[] = [];
  const explained: Reversal[] = [];
  const highest = new Map<string, StreamEvent>();
  const ordered = [...events].sort((a, b) =>
    a.stream === b.stream ? a.streamSeq - b.streamSeq : a.stream < b.stream ? -1 : 1,
  );
  for (const e of ordered) {
    const unit = `${e.stream}\u0000${e.key}`;
    const top = highest.get(unit);
    if (!top || e.sequence > top.sequence) {
      highest.set(unit, e);
      continue;
    }
    if (e.sequence === top.sequence) continue;
    const reversal = { stream: e.stream, key: e.key, newer: pick(top), older: pick(e) };
    (retried.has(e.id) ? explained : unexplained).push(reversal);
  }
  return { unexplained, explained };
}

/**
 * Application order per consumer and aggregate, from its inbox rows. An event applied strictly
 * after one with a higher sequence is reversed: by the stream (the stream stored the older one
 * later) or by the consumer (a violation).
 */
export function applicationReversals(
  inbox: InboxRow[],
  events: StreamEvent[],
): { byConsumer: Reversal[]; asStored: number; compared: Record<string, number> } {
  const first = new Map<string, StreamEvent>();
  for (const e of [...events].sort((a, b) => a.streamSeq - b.streamSeq))
    if (!first.has(e.id)) first.set(e.id, e);
  const groups = new Map<string, Array<{ row: InboxRow; event: StreamEvent }>>();
  const compared: Record<string, number> = {};
  for (const row of inbox) {
    const event = first.get(row.messageId);
    if (!event) continue;
    compared[row.consumer] = (compared[row.consumer] ?? 0) + 1;
    const unit = `${row.consumer}\u0000${event.key}`;
    groups.set(unit, [...(groups.get(unit) ?? []), { row, event }]);
  }
  const byConsumer: Reversal[] = [];
  let asStored = 0;
  for (const list of groups.values()) {
    list.sort((a, b) => a.row.receivedAtUs - b.row.receivedAtUs);
    // The highest sequence applied in an earlier transaction (strictly earlier received_at).
    let top: StreamEvent | undefined;
    let pending: StreamEvent | undefined;
    let pendingAt = -1;
    for (const { row, event } of list) {
      if (row.receivedAtUs !== pendingAt) {
        if (pending && (!top || pending.sequence > top.sequence)) top = pending;
        pending = undefined;
        pendingAt = row.receivedAtUs;
      }
      if (top && event.sequence < top.sequence) {
        if (event.stream === top.stream && event.streamSeq > top.streamSeq) asStored++;
        else
          byConsumer.push({
            stream: event.stream,
            key: event.key,
            consumer: row.consumer,
            newer: pick(top),
            older: pick(event),
          });
      }
      if (!pending || event.sequence > pending.sequence) pending = event;
    }
  }
  return { byConsumer, asStored, compared };
}

/** Both checks over what was read; counts exact, lists capped to examples. */
export function checkOrdering(
  events: StreamEvent[],
  retried: Set<string>,
  inbox: InboxRow[],
  notJudged: OrderingReport['notJudged'] = { withoutSequence: 0, replays: 0 },
): OrderingReport {
  const perStream: Record<string, number> = {};
  for (const e of events) perStream[e.stream] = (perStream[e.stream] ?? 0) + 1;
  const stream = streamReversals(events, retried);
  const applied = applicationReversals(inbox, events);
  return {
    events: perStream,
    aggregates: new Set(events.map((e) => `${e.stream}\u0000${e.key}`)).size,
    notJudged,
    counts: {
      streamOutOfOrder: stream.unexplained.length,
      explainedByRetry: stream.explained.length,
      appliedOutOfOrder: applied.byConsumer.length,
      appliedAsStored: applied.asStored,
    },
    streamOutOfOrder: stream.unexplained.slice(0, LIST_CAP),
    explainedByRetry: stream.explained.slice(0, LIST_CAP),
    consumers: applied.compared,
    appliedOutOfOrder: applied.byConsumer.slice(0, LIST_CAP),
  };
}

/** The violation lines of the ordering checks (counts exact, examples from the lists). */
export function orderingViolations(r: OrderingReport): string[] {
  const out: string[] = [];
  const eg = (list: Reversal[]) =>
    list
      .slice(0, 2)
      .map(
        (x) =>
          `${x.consumer ? `${x.consumer}: ` : ''}${x.key} #${Number(x.older.sequence)} after #${Number(x.newer.sequence)}`,
      )
      .join('; ');
  if (r.counts.streamOutOfOrder)
    out.push(
      `events out of order: ${r.counts.streamOutOfOrder} stored after a newer event of their aggregate (${eg(r.streamOutOfOrder)})`,
    );
  if (r.counts.appliedOutOfOrder)
    out.push(
      `events out of order: ${r.counts.appliedOutOfOrder} applied after a newer event of their aggregate (${eg(r.appliedOutOfOrder)})`,
    );
  if (r.error) out.push(`events out of order: not checked (${r.error})`);
  return out;
}

function pick(e: StreamEvent) {
  return { id: e.id, sequence: e.sequence, streamSeq: e.streamSeq };
}

/** The domain streams of the suite's namespace (`FLT_RETAIL_ORDERS`...). */
export const WIRE_STREAMS = Object.values(DOMAIN_STREAMS).map(
  (s) => `${NATS_NAMESPACE.toUpperCase()}_${s.name}`,
);

/** The decoded message: its CloudEvent when it is one with a `sequence`, else why not. */
export function eventOf(
  stream: string,
  streamSeq: number,
  data: Uint8Array,
  replay: boolean,
): StreamEvent | 'replay' | 'no-sequence' {
  if (replay) return 'replay';
  let ce: any;
  try {
    ce = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return 'no-sequence';
  }
  if (typeof ce?.sequence !== 'string' || typeof ce.id !== 'string') return 'no-sequence';
  return { stream, streamSeq, id: ce.id, key: aggregateKey(ce), sequence: ce.sequence };
}

/** Every message of the domain streams, through ordered consumers on the private nats-server. */
export async function readStreams(
  servers: string[],
): Promise<{ events: StreamEvent[]; notJudged: OrderingReport['notJudged'] }> {
  const nc = await connect({ servers });
  const events: StreamEvent[] = [];
  const notJudged = { withoutSequence: 0, replays: 0 };
  try {
    const js = jetstream(nc);
    for (const stream of WIRE_STREAMS) {
      const consumer = await js.consumers.get(stream, { deliver_policy: DeliverPolicy.All });
      let pending = (await consumer.info(true)).num_pending;
      while (pending > 0) {
        let got = 0;
        for await (const msg of await consumer.fetch({ max_messages: 500, expires: 3000 })) {
          got++;
          pending = msg.info.pending;
          const e = eventOf(stream, msg.seq, msg.data, !!msg.headers?.get(REPLAY_HEADER));
          if (e === 'replay') notJudged.replays++;
          else if (e === 'no-sequence') notJudged.withoutSequence++;
          else events.push(e);
          if (pending === 0) break;
        }
        if (got === 0) break;
      }
    }
  } finally {
    await nc.close();
  }
  return { events, notJudged };
}

const PRODUCERS = ['order-ingestion', 'inventory', 'returns', 'master-data'];

/** Ids of events whose outbox row took more than one publish attempt (ADR 0027). */
async function retriedEvents(
  ctx: Pick<Ctx, 'db'>,
): Promise<{ ids: Set<string>; errors: string[] }> {
  const ids = new Set<string>();
  const errors: string[] = [];
  for (const svc of PRODUCERS) {
    const res = await query<{ id: string }>(
      ctx,
      `SELECT payload->>'id' AS id FROM ${SCHEMAS[svc]}.outbox WHERE attempts > 1`,
    );
    if (res.error) errors.push(`${svc} outbox: ${res.error}`);
    for (const r of res.rows) ids.add(r.id);
  }
  return { ids, errors };
}

/** Every inbox row of every service schema that has an inbox, as `schema.consumer`. */
async function inboxRows(ctx: Pick<Ctx, 'db'>): Promise<{ rows: InboxRow[]; errors: string[] }> {
  const tables = await query<{ schema: string }>(
    ctx,
    `SELECT schemaname AS schema FROM pg_catalog.pg_tables WHERE tablename = 'inbox'`,
  );
  const rows: InboxRow[] = [];
  const errors = tables.error ? [`inbox tables: ${tables.error}`] : [];
  for (const { schema } of tables.rows) {
    const res = await query<{ consumer: string; message_id: string; us: string }>(
      ctx,
      `SELECT consumer, message_id, (extract(epoch FROM received_at) * 1000000)::bigint::text AS us
         FROM ${schema}.inbox`,
    );
    if (res.error) errors.push(`${schema}.inbox: ${res.error}`);
    for (const r of res.rows)
      rows.push({
        consumer: `${schema}.${r.consumer}`,
        messageId: r.message_id,
        receivedAtUs: Number(r.us),
      });
  }
  return { rows, errors };
}

/** Reads the streams, the outboxes and the inboxes of the run, and judges the order. */
export async function orderingCheck(ctx: Pick<Ctx, 'db' | 'stack'>): Promise<OrderingReport> {
  let read: Awaited<ReturnType<typeof readStreams>>;
  try {
    read = await readStreams(ctx.stack.directNatsServers);
  } catch (err) {
    const empty = checkOrdering([], new Set(), []);
    return { ...empty, error: `streams not read: ${(err as Error).message}` };
  }
  const retried = await retriedEvents(ctx);
  const inbox = await inboxRows(ctx);
  const report = checkOrdering(read.events, retried.ids, inbox.rows, read.notJudged);
  const errors = [...retried.errors, ...inbox.errors];
  return errors.length ? { ...report, error: errors.join('; ') } : report;
}
