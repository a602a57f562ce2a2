import { dropSchema, testDatabaseUrl, uniqueSchema } from '@retail/platform-testing';
import { DataSource } from 'typeorm';
import { JobsListener } from '../../src';
import { jobsDatabase } from './support';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `JobsListener.announce`: what a commit without an in-transaction NOTIFY sends instead (ADR
 * 0034). This process's workers are woken at once; another process's by a coalesced NOTIFY.
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

  it('wakes local workers at once and the other process with few NOTIFYs for many commits', async () => {
    let local = 0;
    let remote = 0;
    let otherQueue = 0;
    here.subscribe('orders', () => local++);
    there.subscribe('orders', () => remote++);
    there.subscribe('erp', () => otherQueue++);
    for (let i = 0; i < 50; i++) here.announce('orders');
    expect(local).toBe(50);
    const deadline = Date.now() + 10_000;
    while (remote === 0 && Date.now() < deadline) await sleep(20);
    await sleep(300); // the trailing NOTIFY of the interval, if any
    expect(remote).toBeGreaterThanOrEqual(1);
    // One NOTIFY at once, at most one more for the rest of the interval: not 50.
    expect(remote).toBeLessThanOrEqual(2);
    expect(otherQueue).toBe(0);
  });
});
