import { dropSchema, testDatabaseUrl, uniqueSchema } from '@retail/platform-testing';
import { DataSource } from 'typeorm';
import { Job, JobsListener, JobStore, JobWorker } from '../../src';
import { jobsDatabase } from './support';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually(probe: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await sleep(20);
  }
  throw new Error('condition not met');
}

describe('durable-work primitive (integration)', () => {
  const schema = uniqueSchema('platform_jobs');
  let db: DataSource;
  let listener: JobsListener;
  const workers: JobWorker<any>[] = [];

  beforeAll(async () => {
    db = await jobsDatabase(schema, 6);
    listener = new JobsListener(db);
    await listener.start();
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });

  afterAll(async () => {
    await listener?.stop();
    await db?.destroy();
    await dropSchema(testDatabaseUrl(), schema);
  });

  const start = <P>(options: Partial<ConstructorParameters<typeof JobWorker<P>>[1]>) => {
    const worker = new JobWorker<P>(db, {
      queue: 'q',
      lanes: 4,
      leaseMs: 5_000,
      pollMs: 60_000,
      handler: async () => undefined,
      ...options,
    } as never);
    worker.start(listener);
    workers.push(worker);
    return worker;
  };

  it('runs each job once, woken by NOTIFY, never more than `lanes` at a time', async () => {
    let running = 0;
    let peak = 0;
    const seen: string[] = [];
    start({
      queue: 'lanes',
      lanes: 3,
      handler: async (job: Job) => {
        peak = Math.max(peak, ++running);
        await sleep(20);
        running--;
        seen.push(job.key);
      },
    });
    await sleep(50); // the worker is idle, polling every minute: only NOTIFY can wake it
    await JobStore.enqueue(
      db,
      'lanes',
      Array.from({ length: 30 }, (_, i) => ({ key: `k${i}` })),
    );
    await eventually(() => seen.length === 30);
    expect(new Set(seen).size).toBe(30);
    expect(peak).toBe(3);
    // The last handler has returned; its job is deleted when the worker settles it, just after.
    await eventually(async () => Object.keys(await JobStore.depth(db, 'lanes')).length === 0);
    expect(await JobStore.depth(db, 'lanes')).toEqual({});
  });

  it('retries with back-off, then dead-letters after maxAttempts', async () => {
    const attempts: number[] = [];
    start({
      queue: 'failing',
      maxAttempts: 3,
      backoff: { baseMs: 10, capMs: 20 },
      handler: async (job: Job) => {
        attempts.push(job.attempts);
        throw new Error('boom');
      },
    });
    await JobStore.enqueue(db, 'failing', [{ key: 'x' }]);
    await eventually(async () => (await JobStore.depth(db, 'failing')).dead === 1);
    expect(attempts).toEqual([1, 2, 3]);
    const [row] = await db.query(`SELECT last_error FROM jobs WHERE queue = 'failing'`);
    expect(row.last_error).toBe('boom');
  });

  it('runs a job enqueued again while it runs once more afterwards', async () => {
    const runs: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    start({
      queue: 'again',
      handler: async (job: Job<{ n: number }>) => {
        runs.push(job.payload.n);
        if (runs.length === 1) await gate;
      },
    });
    await JobStore.enqueue(db, 'again', [{ key: 'a', payload: { n: 1 } }]);
    await eventually(() => runs.length === 1);
    await JobStore.enqueue(db, 'again', [{ key: 'a', payload: { n: 2 } }]);
    release();
    await eventually(() => runs.length === 2);
    expect(runs).toEqual([1, 2]);
    await eventually(async () => Object.keys(await JobStore.depth(db, 'again')).length === 0);
  });

  it('a job enqueued again while its completion waits on that enqueue runs again at once', async () => {
    await JobStore.enqueue(db, 'race', [{ key: 'r' }]);
    const [job] = await JobStore.claim(db, 'race', 'owner-1', 1, 60_000);
    // The enqueue's transaction holds the job row while the completion arrives.
    const runner = db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await JobStore.enqueue(runner.manager, 'race', [{ key: 'r' }]);
      const completing = JobStore.complete(db, job);
      await sleep(200);
      await runner.commitTransaction();
      await completing;
    } finally {
      await runner.release();
    }
    const [row] = await db.query(
      `SELECT state, lease_owner, run_at <= now() AS due FROM jobs WHERE queue = 'race' AND key = 'r'`,
    );
    // Not left 'running' under the old lease (it would wait the whole lease, a minute here).
    expect(row).toEqual({ state: 'pending', lease_owner: null, due: true });
  });

  it('resumes a job whose worker died once its lease expires', async () => {
    await JobStore.enqueue(db, 'lease', [{ key: 'l' }]);
    const [claimed] = await JobStore.claim(db, 'lease', 'dead-worker', 1, 200);
    expect(claimed.key).toBe('l');
    const done: Job[] = [];
    start({ queue: 'lease', pollMs: 50, handler: async (job: Job) => void done.push(job) });
    await eventually(() => done.length === 1);
    expect(done[0].attempts).toBe(2);
    // The dead worker's late settle changes nothing: it no longer holds the lease.
    await JobStore.complete(db, claimed);
  });

  it('settles a finished job again when its first settle fails, instead of leaving it to its lease', async () => {
    // The database blips as the run ends: the first settle statement fails, as on a connection
    // reset. The lease (60 s) is far longer than the wait below, so only a second settle can
    // delete the job; left to its lease, it would stay `running` and then run a second time.
    let failures = 1;
    const flaky = new Proxy(db, {
      get(target, prop) {
        if (prop === 'query')
          return async (sql: string, params?: unknown[]) => {
            if (failures > 0 && sql.includes('DELETE FROM jobs')) {
              failures--;
              throw new Error('Connection terminated unexpectedly');
            }
            return target.query(sql, params);
          };
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const runs: string[] = [];
    const worker = new JobWorker(flaky, {
      queue: 'settle',
      lanes: 1,
      leaseMs: 60_000,
      pollMs: 50,
      handler: async (job) => void runs.push(job.key),
    });
    worker.start(listener);
    workers.push(worker);
    await JobStore.enqueue(db, 'settle', [{ key: 's' }]);
    await eventually(async () => failures === 0 && !(await JobStore.exists(db, 'settle', 's')));
    expect(runs).toEqual(['s']);
  });

  it('keeps the lease of a handler that outlasts it: another worker never claims the job', async () => {
    const runs: Job[] = [];
    const lease = { leaseMs: 400, pollMs: 20 };
    const handler = async (job: Job) => {
      runs.push(job);
      // Runs for several leases: only renewals keep the job from the other worker's claim.
      const [{ expiry }] = await db.query(
        `SELECT run_at AS expiry FROM jobs WHERE queue = 'long' AND key = $1`,
        [job.key],
      );
      await eventually(async () => {
        const [{ past }] = await db.query(
          `SELECT now() > $1::timestamptz + interval '1200 milliseconds' AS past`,
          [expiry],
        );
        return past;
      });
      expect(job.signal?.aborted).toBe(false);
    };
    start({ queue: 'long', lanes: 1, handler, ...lease });
    start({ queue: 'long', lanes: 1, handler, ...lease });
    await JobStore.enqueue(db, 'long', [{ key: 'slow' }]);
    await eventually(async () => Object.keys(await JobStore.depth(db, 'long')).length === 0);
    expect(runs.map((r) => [r.key, r.attempts])).toEqual([['slow', 1]]);
  });

  it('a worker that lost its lease is told, and its outcome is not applied', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let seen: Job | undefined;
    start({
      queue: 'stolen',
      leaseMs: 300,
      handler: async (job: Job) => {
        seen = job;
        await gate;
        return { kind: 'dead', error: 'must not be applied' };
      },
    });
    await JobStore.enqueue(db, 'stolen', [{ key: 's' }]);
    await eventually(() => seen !== undefined);
    // Another worker took the job over (as after a stall longer than the lease).
    await db.query(`UPDATE jobs SET lease_owner = 'other-worker' WHERE queue = 'stolen'`);
    await eventually(() => seen!.signal!.aborted);
    release();
    await eventually(async () => {
      const [row] = await db.query(`SELECT lease_owner FROM jobs WHERE queue = 'stolen'`);
      return row.lease_owner === 'other-worker';
    });
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    const [row] = await db.query(
      `SELECT state, lease_owner, last_error FROM jobs WHERE queue = 'stolen'`,
    );
    expect(row).toEqual({ state: 'running', lease_owner: 'other-worker', last_error: null });
  });

  it('admits only what the claim gate allows, across workers', async () => {
    let running = 0;
    let peak = 0;
    const gate = async (m: { query: DataSource['query'] }, wanted: number) => {
      await m.query(`SELECT pg_advisory_xact_lock(42)`);
      const [{ n }] = await m.query(
        `SELECT count(*)::int AS n FROM jobs WHERE queue = 'gated' AND state = 'running'`,
      );
      return { admit: Math.max(0, Math.min(wanted, 2 - n)), waitMs: 10 };
    };
    const handler = async () => {
      peak = Math.max(peak, ++running);
      await sleep(15);
      running--;
    };
    start({ queue: 'gated', lanes: 3, gate, handler, pollMs: 20 });
    start({ queue: 'gated', lanes: 3, gate, handler, pollMs: 20 });
    await JobStore.enqueue(
      db,
      'gated',
      Array.from({ length: 20 }, (_, i) => ({ key: `g${i}` })),
    );
    await eventually(async () => Object.keys(await JobStore.depth(db, 'gated')).length === 0);
    expect(peak).toBe(2);
  });
});
