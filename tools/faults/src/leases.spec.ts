import { LeaseWatch, leaseViolations, TAKEOVER_BOUND_MS } from './leases';
import type { Ctx } from './context';

/**
 * A pool stand-in answering the watch's two queries from a script of rows. `served` resolves once
 * the watch has asked again after the script's last rows, so every scripted sample was processed,
 * however late a loaded machine ran the sampler's timer.
 */
function fakeCtx(
  running: Array<Array<{ queue: string; key: string; overdue_ms: number; behind?: boolean }>>,
) {
  let tick = 0;
  let done: () => void = () => undefined;
  const served = new Promise<void>((resolve) => (done = resolve));
  const db = {
    query: async (sql: string) => {
      if (sql.includes('information_schema')) return { rows: [{ schema: 'order_ingestion' }] };
      if (tick >= running.length) done();
      return { rows: running[Math.min(tick++, running.length - 1)] };
    },
  };
  return { ctx: { db } as unknown as Ctx, served };
}

async function watch(running: Parameters<typeof fakeCtx>[0]) {
  const { ctx, served } = fakeCtx(running);
  const sut = new LeaseWatch(ctx, 5);
  await sut.start();
  await served;
  return sut.stop();
}

describe('LeaseWatch', () => {
  it('passes leases taken over within the bound, reporting the largest delay', async () => {
    const r = await watch([[{ queue: 'erp', key: 'o-1', overdue_ms: 1200 }], []]);
    expect(r.schemas).toEqual(['order_ingestion']);
    expect(r.maxOverdueMs).toBe(1200);
    expect(r.overdue).toEqual([]);
    expect(leaseViolations(r)).toEqual([]);
  });

  it('counts a lease waiting behind older due jobs of its queue as backlog, not as a failed takeover', async () => {
    const behind = {
      queue: 'orders',
      key: 'o-3',
      overdue_ms: TAKEOVER_BOUND_MS * 10,
      behind: true,
    };
    const r = await watch([[behind]]);
    expect(r.maxBehindBacklogMs).toBe(TAKEOVER_BOUND_MS * 10);
    expect(r.maxOverdueMs).toBe(0);
    expect(leaseViolations(r)).toEqual([]);
  });

  it('reports a job still running under a lease expired beyond the bound, once', async () => {
    const late = { queue: 'pipeline', key: 'o-2', overdue_ms: TAKEOVER_BOUND_MS + 1 };
    const r = await watch([[late], [{ ...late, overdue_ms: late.overdue_ms + 500 }]]);
    expect(r.overdue).toHaveLength(1);
    expect(r.overdue[0]).toContain('order_ingestion pipeline o-2');
    expect(leaseViolations(r)).toEqual([
      `leases: 1 job(s) still running under an expired lease, at the head of its queue for more than ${TAKEOVER_BOUND_MS / 1000} s (not taken over)`,
    ]);
  });

  it('counts the takeover delay from the last sample that saw the lease behind older due jobs', async () => {
    const job = { queue: 'orders', key: 'o-4' };
    const behindMs = TAKEOVER_BOUND_MS + 13_000;
    const r = await watch([
      [{ ...job, overdue_ms: behindMs, behind: true }],
      [{ ...job, overdue_ms: behindMs + 400 }],
      [],
    ]);
    expect(r.maxBehindBacklogMs).toBe(behindMs);
    expect(r.maxOverdueMs).toBe(400);
    expect(leaseViolations(r)).toEqual([]);
  });

  it('reports a lease that reached the head of its queue and then waited there beyond the bound', async () => {
    const job = { queue: 'orders', key: 'o-5' };
    const r = await watch([
      [{ ...job, overdue_ms: 5_000, behind: true }],
      [{ ...job, overdue_ms: 5_500 }],
      [{ ...job, overdue_ms: 5_000 + TAKEOVER_BOUND_MS + 1 }],
    ]);
    expect(r.maxOverdueMs).toBe(TAKEOVER_BOUND_MS + 1);
    expect(r.overdue).toEqual([
      expect.stringContaining(`order_ingestion orders o-5 ${TAKEOVER_BOUND_MS + 1} ms at the head`),
    ]);
  });
});
