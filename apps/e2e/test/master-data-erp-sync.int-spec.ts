import { Client } from 'pg';
import { eventually, Stack, startStack } from '../src/stack';

const PAGE = 100;
const PRODUCT_CHANGED = 'retail.masterdata.v1.product.changed';

/**
 * ERP item-master sync against the back-office simulator, both as real processes: paused,
 * broken by an ERP outage, killed mid-run, resumed, scheduled, never two at once.
 */
describe('master-data ERP item-master sync', () => {
  let stack: Stack;
  let db: Client;
  const md = (method: string, path: string) => stack.call('master-data', method, path);
  const sim = (path: string, body: unknown) =>
    stack.call('backoffice-simulator', 'POST', path, body);
  const erpFaults = (erp: object) => sim('/admin/faults', { erp });
  const query = async <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await db.query(sql, params)).rows as T[];

  /** Per seeded SKU: how many products, how many product.changed events, max version. */
  async function ledger(prefix: string) {
    const schema = stack.schema('master-data');
    const [row] = await query<{ products: number; events: number; maxversion: number }>(
      `SELECT (SELECT count(*)::int FROM "${schema}".product WHERE sku LIKE $1) AS products,
              (SELECT count(*)::int FROM "${schema}".outbox
                WHERE type = $2 AND payload->>'subject' LIKE $1) AS events,
              (SELECT coalesce(max(version), 0)::int FROM "${schema}".product
                WHERE sku LIKE $1) AS maxversion`,
      [`${prefix}-%`, PRODUCT_CHANGED],
    );
    return row;
  }

  beforeAll(async () => {
    stack = await startStack({
      only: ['backoffice-simulator', 'master-data'],
      env: { 'master-data': { MASTERDATA_ERP_SYNC_PAGE_SIZE: String(PAGE) } },
    });
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  it('resumes after a pause and an ERP outage with no gap and no duplicate', async () => {
    const bad = [
      { id: 'BAD-1', sku: 'A'.repeat(70), name: 'too long a SKU' },
      { id: 'BAD-2', sku: 'AAA-BADGTIN', name: 'bad gtin', gtin: '12' },
    ];
    await sim('/admin/seed/items', { items: bad }).then((r) => expect(r.status).toBe(200));
    await sim('/admin/seed/items', { count: 2500, prefix: 'AAA' });

    const paused = await md('POST', '/v1/sync/erp?maxPages=5');
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ status: 'paused', pages: 5, items: 500, resumed: false });

    await erpFaults({ mode: 'down' });
    const failed = await md('POST', '/v1/sync/erp');
    expect(failed.status).toBe(503);
    expect((await md('GET', '/v1/sync/erp')).body).toMatchObject({ status: 'failed', pages: 5 });
    await erpFaults({ mode: 'up' });

    const done = await md('POST', '/v1/sync/erp');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', resumed: true, totalItems: 2502 });
    expect(done.body.runId).toBe(paused.body.runId);
    expect(done.body.items).toBe(2002);
    // The two bad ERP records came in the first (paused) call, reported by export position.
    expect(paused.body.problems.map((p: { line: number }) => p.line)).toEqual([1, 2]);
    expect(paused.body.summary).toMatchObject({ invalid: 2, created: 498 });
    expect(done.body.summary).toMatchObject({ invalid: 0, created: 2002 });
    expect(await ledger('AAA')).toEqual({ products: 2500, events: 2500, maxversion: 1 });
    const secs = done.body.summary.durationMs / 1000;
    console.log(
      `ERP sync: ${done.body.items} items in ${secs.toFixed(2)} s = ${Math.round(done.body.items / secs)} items/s`,
    );
  }, 60_000);

  it('resumes after master-data is killed mid-sync (SIGKILL)', async () => {
    await sim('/admin/seed/items', { count: 3000, prefix: 'BBB' });
    await erpFaults({ latencyMs: 40 });
    const running = md('POST', '/v1/sync/erp').catch(() => undefined);
    await eventually(
      async () => {
        const s = (await md('GET', '/v1/sync/erp')).body;
        return s.status === 'running' && s.pages >= 10;
      },
      30_000,
      50,
    );
    await stack.kill('master-data');
    await running;
    await erpFaults({ latencyMs: null });
    await stack.restart('master-data');

    const before = (await md('GET', '/v1/sync/erp')).body;
    expect(before.status).toBe('running');
    const done = await md('POST', '/v1/sync/erp');
    expect(done.body).toMatchObject({ status: 'completed', resumed: true, totalItems: 5502 });
    expect(done.body.totalPages).toBe(Math.ceil(5502 / PAGE));
    expect(await ledger('BBB')).toEqual({ products: 3000, events: 3000, maxversion: 1 });
    expect(await ledger('AAA')).toEqual({ products: 2500, events: 2500, maxversion: 1 });
  }, 90_000);

  it('never runs two syncs at once', async () => {
    await erpFaults({ latencyMs: 30 });
    const [a, b] = await Promise.all([md('POST', '/v1/sync/erp'), md('POST', '/v1/sync/erp')]);
    await erpFaults({ latencyMs: null });
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const refused = a.status === 409 ? a : b;
    expect(refused.body.type).toContain('sync-in-progress');
  }, 60_000);

  it('runs on MASTERDATA_ERP_SYNC_CRON and picks up new items', async () => {
    await sim('/admin/seed/items', { count: 150, prefix: 'CCC' });
    await stack.restart('master-data', { MASTERDATA_ERP_SYNC_CRON: '*/2 * * * * *' });
    const synced = await eventually(async () => {
      const l = await ledger('CCC');
      return l.products === 150 ? l : undefined;
    }, 30_000);
    expect(synced).toEqual({ products: 150, events: 150, maxversion: 1 });
  }, 60_000);
});
