// Raw ceilings of the building blocks, by bare scripts at the same concurrency as the product
// load, on the same PostgreSQL database and NATS server:
// (1) durable order: one INSERT of the raw payload in its own transaction + one acknowledged
//     JetStream publish; (2) movements: multi-row INSERT of the same rows; (3) hot-row
//     conditional UPDATE for reservations on one SKU.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { closedLoop } from './http.mjs';

/** Pool size of the bare scripts: the services' default TypeORM pool (10 connections). */
export const CEILING_POOL_SIZE = 10;

export async function openCeilings({ databaseUrl, natsUrl, namespace }) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: CEILING_POOL_SIZE });
  await pool.query(`
    CREATE SCHEMA IF NOT EXISTS bench_ceiling;
    CREATE TABLE IF NOT EXISTS bench_ceiling.raw_orders (
      id uuid PRIMARY KEY, channel text NOT NULL, payload jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE IF NOT EXISTS bench_ceiling.movements (
      event_id text PRIMARY KEY, source text NOT NULL, source_sequence bigint NOT NULL,
      occurred_at timestamptz NOT NULL, type text NOT NULL, sku text NOT NULL,
      location_id text NOT NULL, quantity integer NOT NULL);
    CREATE TABLE IF NOT EXISTS bench_ceiling.positions (
      sku text PRIMARY KEY, on_hand integer NOT NULL, reserved integer NOT NULL DEFAULT 0);`);
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  const stream = `${namespace.toUpperCase()}_BENCH_CEILING`;
  const subject = `${namespace}.bench.ceiling`;
  await jsm.streams.add({ name: stream, subjects: [`${subject}.>`], storage: 'file' });
  const js = jetstream(nc);
  return {
    pool,
    js,
    subject,
    close: async () => {
      await jsm.streams.delete(stream).catch(() => {});
      await nc.close();
      await pool.end();
    },
  };
}

/** (1) Durable orders per second: INSERT raw payload in its own transaction, then an acked publish. */
export async function durableOrderCeiling(ctx, { concurrency, durationMs, deliveries }) {
  let done = 0;
  let errors = 0;
  const elapsed = await closedLoop({
    concurrency,
    durationMs,
    task: async (_w, i) => {
      const d = deliveries(i);
      const id = randomUUID();
      const client = await ctx.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          'INSERT INTO bench_ceiling.raw_orders (id, channel, payload) VALUES ($1, $2, $3::jsonb)',
          [id, d.channel, d.body],
        );
        await client.query('COMMIT');
      } catch {
        errors++;
        await client.query('ROLLBACK').catch(() => {});
        return;
      } finally {
        client.release();
      }
      await ctx.js.publish(`${ctx.subject}.${d.channel}`, d.body, { msgID: id });
      done++;
    },
  });
  return { perSecond: (done * 1000) / elapsed, count: done, errors, elapsedMs: elapsed };
}

/** (2) Movement rows per second: multi-row INSERT of the same batches (duplicates skipped). */
export async function movementsCeiling(ctx, { concurrency, durationMs, nextBatch }) {
  let inserted = 0;
  let rows = 0;
  const elapsed = await closedLoop({
    concurrency,
    durationMs,
    task: async () => {
      // Sorted and unique per statement, as any multi-row upsert must be to avoid deadlocks.
      const sent = nextBatch();
      const batch = [...new Map(sent.map((m) => [m.eventId, m])).values()].sort((a, b) =>
        a.eventId < b.eventId ? -1 : 1,
      );
      const values = [];
      const params = [];
      for (const m of batch) {
        const b = params.length;
        values.push(
          `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8})`,
        );
        params.push(
          m.eventId,
          m.source,
          m.sourceSequence,
          m.occurredAt,
          m.type,
          m.sku,
          m.locationId,
          m.quantity,
        );
      }
      const res = await ctx.pool.query(
        `INSERT INTO bench_ceiling.movements (event_id, source, source_sequence, occurred_at, type, sku, location_id, quantity)
         VALUES ${values.join(', ')} ON CONFLICT (event_id) DO NOTHING`,
        params,
      );
      inserted += res.rowCount;
      rows += sent.length;
    },
  });
  return { perSecond: (inserted * 1000) / elapsed, inserted, rows, elapsedMs: elapsed };
}

/**
 * (3) Reservations per second on one hot row: `stock` units, `total` (> stock) concurrent
 * conditional UPDATEs of 1 unit. Rate while stock lasts; checks it is never oversold.
 */
export async function hotRowCeiling(ctx, { concurrency, stock, total, sku }) {
  await ctx.pool.query(
    'INSERT INTO bench_ceiling.positions (sku, on_hand) VALUES ($1, $2) ON CONFLICT (sku) DO UPDATE SET on_hand = $2, reserved = 0',
    [sku, stock],
  );
  let updated = 0;
  let lastAt = 0;
  const started = performance.now();
  await closedLoop({
    concurrency,
    total,
    task: async () => {
      const res = await ctx.pool.query(
        'UPDATE bench_ceiling.positions SET reserved = reserved + 1 WHERE sku = $1 AND on_hand - reserved >= 1',
        [sku],
      );
      if (res.rowCount === 1) {
        updated++;
        lastAt = performance.now();
      }
    },
  });
  const { rows } = await ctx.pool.query(
    'SELECT on_hand, reserved FROM bench_ceiling.positions WHERE sku = $1',
    [sku],
  );
  const elapsed = lastAt - started;
  return {
    perSecond: elapsed > 0 ? (updated * 1000) / elapsed : null,
    updated,
    oversold: rows[0].reserved > rows[0].on_hand,
    elapsedMs: elapsed,
  };
}

/** Cumulative activity counters of the bench database (pg_stat_database). */
export async function dbActivity(ctx) {
  const { rows } = await ctx.pool.query(
    `SELECT xact_commit::bigint AS commits, xact_rollback::bigint AS rollbacks, tup_inserted::bigint AS inserted,
            tup_updated::bigint AS updated, tup_deleted::bigint AS deleted, tup_fetched::bigint AS fetched,
            deadlocks::bigint AS deadlocks
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  return Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)]));
}

/** Commits per database whose name starts with `prefix` (the bench's per-service databases). */
export async function commitsByDatabase(ctx, prefix) {
  const { rows } = await ctx.pool.query(
    `SELECT datname, xact_commit::bigint AS commits FROM pg_stat_database
      WHERE starts_with(datname, $1)`,
    [prefix],
  );
  return Object.fromEntries(rows.map((r) => [r.datname.slice(prefix.length), Number(r.commits)]));
}

/** Counter differences between two snapshots, and per unit of work (e.g. per order). */
export function activityDelta(before, after, units) {
  const delta = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));
  const per =
    units > 0
      ? Object.fromEntries(
          Object.entries(delta).map(([k, v]) => [k, Math.round((v / units) * 10) / 10]),
        )
      : {};
  return { total: delta, perUnit: per, units };
}
