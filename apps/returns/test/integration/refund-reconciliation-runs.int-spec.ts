import { DataSource } from 'typeorm';
import {
  eventually,
  startTestService,
  TEST_ADMIN_KEY,
  TestService,
} from '@retail/platform-testing';
import type { ReturnsConfig } from '../../src/config/env';
import { RETURNS_SERVICE } from './support/returns-service';
import { REFUND_RECONCILIATION_QUEUE } from '../../src/returns/reconcile-refunds/reconciliation-runs.repository';
import { RefundReconciliationWorker } from '../../src/returns/reconcile-refunds/refund-reconciliation.worker';

jest.setTimeout(60_000);

/**
 * Refund reconciliation runs (ADR 0042) on real PostgreSQL, the payment provider unreachable:
 * a schedule slot requested many times at once is one run on the jobs queue, a run whose
 * provider is down stays running with the reason shown, and a bad request records nothing.
 * Posting and drift across the real stack: apps/e2e/test/refund-reconciliation.int-spec.ts.
 */
describe('returns: refund reconciliation runs', () => {
  let svc: TestService<ReturnsConfig>;
  let db: DataSource;
  const closed = 'http://127.0.0.1:9';

  beforeAll(async () => {
    svc = await startTestService(RETURNS_SERVICE, {
      ORDERS_BASE_URL: closed,
      INVENTORY_BASE_URL: closed,
      ERP_BASE_URL: closed,
      PAYMENTS_BASE_URL: closed,
      TAX_BASE_URL: closed,
      RETURNS_REFUND_RECONCILE_INTERVAL_MINUTES: '60',
      RETURNS_REFUND_RECONCILE_WINDOW_HOURS: '48',
    });
    db = svc.app.get(DataSource);
  });
  afterAll(() => svc?.close());

  const getRun = (id: string) =>
    svc.http().get(`/v1/reconciliation/refunds/runs/${id}`).set('x-api-key', TEST_ADMIN_KEY);

  it('makes one run of a schedule slot however often it is requested at once', async () => {
    const worker = svc.app.get(RefundReconciliationWorker);
    const at = new Date('2026-12-07T10:17:00Z');

    await Promise.all([
      worker.tick(at),
      worker.tick(at),
      worker.tick(new Date('2026-12-07T10:59:59Z')),
    ]);

    const runs = await db.query(
      `SELECT id, trigger, window_from, window_to FROM refund_reconciliation_runs
        WHERE trigger = 'schedule'`,
    );
    expect(runs).toEqual([
      {
        id: 'sched-20261207T100000000Z',
        trigger: 'schedule',
        window_from: new Date('2026-12-05T10:00:00Z'),
        window_to: new Date('2026-12-07T10:00:00Z'),
      },
    ]);
    // The provider is unreachable: the run keeps its job and says why.
    const run = await eventually(async () => {
      const res = await getRun(runs[0].id);
      return res.body.error ? res.body : undefined;
    }, 30_000);
    expect(run).toMatchObject({ runId: runs[0].id, state: 'running', phase: 'provider' });
    expect(run.error).toMatch(/^attempt \d+: /);
    const jobs = await db.query(`SELECT key FROM jobs WHERE queue = $1`, [
      REFUND_RECONCILIATION_QUEUE,
    ]);
    expect(jobs).toEqual([{ key: runs[0].id }]);
  });

  it.each([
    [
      'a window ending before it starts',
      { from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' },
    ],
    ['a window over 31 days', { from: '2026-10-01T00:00:00Z', to: '2026-12-01T00:00:00Z' }],
    ['a date that is no date', { from: 'yesterday', to: '2026-12-01T00:00:00Z' }],
    ['an unknown field', { from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z', all: true }],
  ])('refuses %s with problem+json and records no run', async (_label, body) => {
    const before = await db.query(`SELECT count(*)::int AS n FROM refund_reconciliation_runs`);

    const res = await svc
      .http()
      .post('/v1/reconciliation/refunds/runs')
      .set({ 'x-api-key': TEST_ADMIN_KEY, 'idempotency-key': `k-${Math.random()}` })
      .send(body);

    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const after = await db.query(`SELECT count(*)::int AS n FROM refund_reconciliation_runs`);
    expect(after).toEqual(before);
  });

  it('answers 404 for an unknown run and 403 to a channel key', async () => {
    await getRun('rr-unknown').expect(404);
    await svc.http().get('/v1/reconciliation/refunds/runs').set('x-api-key', 'pos-key').expect(403);
  });
});
