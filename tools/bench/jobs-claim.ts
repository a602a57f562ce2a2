/**
 * Claim throughput of the durable-work primitive (@retail/platform-jobs) against the queue it
 * replaced (the order pipeline's one-row claim on the orders table, then a second UPDATE to hand
 * the lease back). Same database, same rows, same workers; no work inside a job, so the figure
 * is the queue's own cost per job.
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register tools/bench/jobs-claim.ts [jobs] [workers]
 *
 * BENCH_PG_URL picks the server (default postgres://postgres@127.0.0.1:5432/postgres); the
 * script works in a throw-away schema and drops it.
 */
import {
  JobsTables1765000000000,
  JobsTraceparent1796900000000,
  JobStore,
} from '@retail/platform-jobs';
import { DataSource } from 'typeorm';

const JOBS = Number(process.argv[2] ?? 4000);
const WORKERS = Number(process.argv[3] ?? 8);
const SCHEMA = `bench_jobs_${process.pid}`;

const OLD_CLAIM = `WITH next AS (
    SELECT id FROM orders WHERE next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
     ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED
  ), claimed AS (
    UPDATE orders o SET lease_owner = $1, lease_until = now() + interval '60 seconds'
      FROM next WHERE o.id = next.id RETURNING o.id
  ) SELECT id FROM claimed`;
const OLD_DONE = `UPDATE orders SET next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL
  WHERE id = $1 AND lease_owner = $2`;

async function timed(label: string, work: () => Promise<number>) {
  const started = process.hrtime.bigint();
  const done = await work();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    `${label.padEnd(44)} ${done} jobs in ${ms.toFixed(0)} ms = ${Math.round((done / ms) * 1000)} jobs/s`,
  );
}

async function oldQueue(db: DataSource): Promise<number> {
  await db.query(`CREATE TABLE orders (id bigint PRIMARY KEY, next_attempt_at timestamptz,
    lease_owner text, lease_until timestamptz)`);
  await db.query(
    `CREATE INDEX orders_due_idx ON orders (next_attempt_at) WHERE next_attempt_at IS NOT NULL`,
  );
  await db.query(`INSERT INTO orders SELECT g, now() FROM generate_series(1, $1) g`, [JOBS]);
  let done = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, w) => {
      for (;;) {
        const [row] = await db.query(OLD_CLAIM, [`w${w}`]);
        if (!row) return;
        await db.query(OLD_DONE, [row.id, `w${w}`]);
        done++;
      }
    }),
  );
  return done;
}

async function primitive(db: DataSource, batch: number): Promise<number> {
  const queue = `b${batch}`;
  for (let i = 0; i < JOBS; i += 1000)
    await JobStore.enqueue(
      db,
      queue,
      Array.from({ length: Math.min(1000, JOBS - i) }, (_, k) => ({ key: String(i + k) })),
    );
  let done = 0;
  await Promise.all(
    Array.from({ length: WORKERS / batch }, async (_, w) => {
      for (;;) {
        const jobs = await JobStore.claim(db, queue, `w${w}`, batch, 60_000);
        if (jobs.length === 0) return;
        await Promise.all(jobs.map((job) => JobStore.complete(db, job).then(() => done++)));
      }
    }),
  );
  return done;
}

void (async () => {
  const url = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const db = new DataSource({
    type: 'postgres',
    url,
    extra: { options: `-c search_path=${SCHEMA}`, max: WORKERS },
    migrations: [JobsTables1765000000000, JobsTraceparent1796900000000],
  });
  await db.initialize();
  try {
    await db.query(`CREATE SCHEMA ${SCHEMA}`);
    await db.runMigrations();
    await timed(`old: orders-table claim, 1 per worker (${WORKERS})`, () => oldQueue(db));
    await timed(`primitive: claim 1, complete (${WORKERS} lanes)`, () => primitive(db, 1));
    await timed(`primitive: claim ${WORKERS} at once, complete`, () => primitive(db, WORKERS));
  } finally {
    await db.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
    await db.destroy();
  }
})();
