import { Pool } from 'pg';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '@retail/platform-testing';
import { LeaseWatch, TAKEOVER_BOUND_MS } from './leases';
import type { Ctx } from './context';

/** The watch's own SQL against a real jobs table (the platform's columns the watch reads). */
describe('LeaseWatch on PostgreSQL', () => {
  const schema = uniqueSchema('faults_leases');
  const pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });

  beforeAll(async () => {
    await pool.query(`CREATE SCHEMA "${schema}"`);
    await pool.query(`CREATE TABLE "${schema}".jobs (
      queue text NOT NULL, key text NOT NULL, state text NOT NULL, priority int NOT NULL DEFAULT 0,
      run_at timestamptz NOT NULL, lease_owner text, PRIMARY KEY (queue, key))`);
  });

  afterAll(async () => {
    await pool.end();
    await dropSchema(testDatabaseUrl(), schema);
  });

  it('reports a lease expired beyond the bound at the head of its queue, with what its queue held', async () => {
    const expired = `now() - interval '${TAKEOVER_BOUND_MS + 5_000} milliseconds'`;
    await pool.query(`INSERT INTO "${schema}".jobs (queue, key, state, run_at, lease_owner) VALUES
      ('orders', 'o-dead', 'running', ${expired}, 'replica-a'),
      ('orders', 'o-live-1', 'running', now() + interval '50 seconds', 'replica-b'),
      ('orders', 'o-live-2', 'running', now() + interval '50 seconds', 'replica-b'),
      ('orders', 'o-later', 'pending', now() + interval '1 hour', NULL),
      ('returns', 'r-1', 'running', now() + interval '50 seconds', 'replica-c')`);
    const watch = new LeaseWatch({ db: pool } as unknown as Ctx, 10);
    await watch.start();
    await new Promise((r) => setTimeout(r, 100));
    // A worker claims a job of the queue while the expired lease waits at its head.
    await pool.query(`INSERT INTO "${schema}".jobs (queue, key, state, run_at, lease_owner)
      VALUES ('orders', 'o-claimed', 'running', now() + interval '50 seconds', 'replica-b')`);
    await new Promise((r) => setTimeout(r, 100));
    const r = await watch.stop();

    expect(r.schemas).toContain(schema);
    // Other test files' schemas share the database: judge only this one's.
    const ours = r.overdue.filter((o) => o.startsWith(`${schema} `));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatch(
      new RegExp(
        `^${schema} orders o-dead \\d+ ms at the head of its queue \\(expired \\d+ ms ago\\), first seen expired at \\+0 s, 1 job\\(s\\) of its queue claimed meanwhile \\(live leases replica-b×3, due 1\\)$`,
      ),
    );
  });

  it('judges the head of a queue in the claim order: priority first, then when the job fell due', async () => {
    const expired = (ms: number) => `now() - interval '${TAKEOVER_BOUND_MS + ms} milliseconds'`;
    // `availability` (priority 5) expired first; a shipment (priority 0) fell due after it: the
    // claim takes the shipment first, so the expired lease waits its turn (backlog).
    // `ack` (priority 1) expired, and behind it only a lower-priority pending job: at the head.
    await pool.query(`INSERT INTO "${schema}".jobs (queue, key, state, priority, run_at, lease_owner) VALUES
      ('outbound.a', 'availability', 'running', 5, ${expired(9_000)}, 'replica-a'),
      ('outbound.a', 'shipment:1', 'pending', 0, now() - interval '1 second', NULL),
      ('outbound.b', 'ack:1', 'running', 1, ${expired(5_000)}, 'replica-a'),
      ('outbound.b', 'availability', 'pending', 5, ${expired(8_000)}, NULL)`);
    const watch = new LeaseWatch({ db: pool } as unknown as Ctx, 10);
    await watch.start();
    await new Promise((r) => setTimeout(r, 100));
    const r = await watch.stop();

    const ours = r.overdue.filter((o) => o.startsWith(`${schema} outbound.`));
    expect(ours).toEqual([
      expect.stringMatching(new RegExp(`^${schema} outbound.b ack:1 \\d+ ms`)),
    ]);
    expect(r.maxBehindBacklogMs).toBeGreaterThan(TAKEOVER_BOUND_MS + 9_000);
  });
});
