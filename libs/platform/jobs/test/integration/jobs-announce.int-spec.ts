import { dropSchema, testDatabaseUrl, uniqueSchema } from '@retail/platform-testing';
import { DataSource } from 'typeorm';
import { JobsListener } from '../../src';
import { jobsDatabase } from './support';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `JobsListener.announce`: what a commit without an in-transaction NOTIFY sends instead (ADR
 * 0034). This process's workers are woken at once; another process's by a coalesced NOTIFY when
 * no local lane is free.
 */
describe('jobs announce (integration)', () => {
  const schema = uniqueSchema('platform_jobs_announce');
  let db: DataSource;
  let here: JobsListener;
  let there: JobsListener;

  beforeAll(async () => {
    db = await jobsDatabase(schema, 4);
    here = new JobsListener(db);
    there = new JobsListener(db); // a second LISTEN session: another replica
    await here.start();
    await there.start();
  });

  afterAll(async () => {
    await here?.stop();
    await there?.stop();
    await db?.destroy();
    await dropSchema(testDatabaseUrl(), schema);
  });

  it('wakes local workers at once and tells the other process only when they are all busy, coalesced', async () => {
    let free = true;
    let local = 0;
    let remote = 0;
    let otherQueue = 0;
    here.subscribe('orders', () => {
      local++;
      return free;
    });
    there.subscribe('orders', () => {
      remote++;
    });
    there.subscribe('erp', () => {
      otherQueue++;
    });
    // A free local lane takes the work: nobody else is told.
    for (let i = 0; i < 10; i++) here.announce('orders');
    expect(local).toBe(10);
    await sleep(300);
    expect(remote).toBe(0);
    // Every local lane busy: the other process is told, with few NOTIFYs for many commits.
    free = false;
    for (let i = 0; i < 50; i++) here.announce('orders');
    const deadline = Date.now() + 10_000;
    while (remote === 0 && Date.now() < deadline) await sleep(20);
    await sleep(300); // the trailing NOTIFY of the interval, if any
    expect(remote).toBeGreaterThanOrEqual(1);
    expect(remote).toBeLessThanOrEqual(2); // one at once, at most one more for the interval
    expect(otherQueue).toBe(0);
  });
});
