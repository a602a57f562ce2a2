import { Client } from 'pg';
import { Counter, Histogram, register } from 'prom-client';
import request from 'supertest';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '@retail/platform-testing';
import {
  ErpBusyError,
  ErpGovernor,
  ErpGovernorOptions,
  ErpThrottledError,
  GovernedErpAdapter,
  NetSuiteRestErpAdapter,
} from '@retail/backoffice-adapters';
import { minimalOrder } from '../../support/erp-fixtures';
// Test-only: the simulated ERP the governor protects, started in-process.

import { RunningSimulator, startSimulator } from '../../support/start-simulator';

const order = minimalOrder;
const ctx = { correlationId: 'corr-governor' };

describe('ERP governor (PostgreSQL) in front of the simulated ERP', () => {
  let sim: RunningSimulator;
  const schema = uniqueSchema('erp_gov');
  const governors: ErpGovernor[] = [];
  const admin = () => request(sim.baseUrl);
  const erpStats = async () => (await admin().get('/admin/stats').expect(200)).body.erp;
  /** This process's governors' hand-offs so far (retail_erp_governor_handoffs_total). */
  const handoffs = async (result: 'handed' | 'freed') => {
    const metric = register.getSingleMetric('retail_erp_governor_handoffs_total') as
      Counter<string> | undefined;
    const values = (await metric?.get())?.values ?? [];
    return values.filter((v) => v.labels.result === result).reduce((n, v) => n + v.value, 0);
  };
  /** Observations of a histogram of this process so far, for the labels given. */
  const observations = async (name: string, labels: Record<string, string>) => {
    const metric = register.getSingleMetric(name) as Histogram<string> | undefined;
    const values = (await metric?.get())?.values ?? [];
    return values
      .filter((v) => v.metricName === `${name}_count`)
      .filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want))
      .reduce((n, v) => n + v.value, 0);
  };
  const faults = (erp: Record<string, unknown>) =>
    admin().post('/admin/faults').send({ erp }).expect(200);

  /** One "service" (or replica): its own governor process state, the same account and schema. */
  async function service(name: string, options: Partial<ErpGovernorOptions> = {}) {
    const governor = new ErpGovernor({
      connection: { connectionString: testDatabaseUrl() },
      schema,
      account: `acct-${sim.schema}`,
      service: name,
      ceiling: 4,
      maxRps: 1000,
      leaseMs: 10_000,
      maxWaitMs: 20_000,
      pollMs: 100,
      ...options,
    });
    await governor.start();
    governors.push(governor);
    const inner = new NetSuiteRestErpAdapter({ baseUrl: sim.baseUrl, timeoutMs: 5000 });
    return { governor, erp: new GovernedErpAdapter(inner, governor) };
  }

  beforeAll(async () => {
    sim = await startSimulator({ erpMaxConcurrency: null });
  });
  afterEach(async () => {
    await Promise.all(governors.splice(0).map((g) => g.close()));
    await admin().post('/admin/reset').expect(200);
  });
  afterAll(async () => {
    await sim.stop();
    await dropSchema(testDatabaseUrl(), schema);
  });

  it('keeps every service together within the ceiling and serves every call', async () => {
    await faults({ latencyMs: 60, maxConcurrency: null });
    const orders = await service('order-ingestion');
    const inventory = await service('inventory');
    const masterData = await service('master-data');

    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => orders.erp.upsertSalesOrder(order(`o${i}`), ctx)),
      ...Array.from({ length: 10 }, (_, i) =>
        inventory.erp.postInventoryAdjustments(
          {
            batchId: `b${i}`,
            adjustmentDate: '2026-12-05',
            lines: [{ itemId: 'ITEM-1', locationId: 'DC1', quantityDelta: 1 }],
          },
          ctx,
        ),
      ),
      ...Array.from({ length: 10 }, () => masterData.erp.fetchItemMaster({ limit: 5 }, ctx)),
    ]);

    const stats = await erpStats();
    expect(stats.salesOrders.created).toBe(20);
    expect(stats.inventoryAdjustments.created).toBe(10);
    // Attempted, not only admitted: the governor itself never had more than 4 out at once.
    expect(stats.peakAttemptedConcurrency).toBeLessThanOrEqual(4);
    expect(stats.peakConcurrency).toBe(4);
  });

  it('serves waiting order creation before waiting item-master pages, across services', async () => {
    await faults({ latencyMs: 80, maxConcurrency: null });
    const orders = await service('order-ingestion', { ceiling: 1 });
    const masterData = await service('master-data', { ceiling: 1 });
    const done: string[] = [];

    const pages = Array.from({ length: 6 }, (_, i) =>
      masterData.erp.fetchItemMaster({ limit: 1 }, ctx).then(() => done.push(`page${i}`)),
    );
    await new Promise((resolve) => setTimeout(resolve, 120));
    const creations = Array.from({ length: 4 }, (_, i) =>
      orders.erp.upsertSalesOrder(order(`p${i}`), ctx).then(() => done.push(`order${i}`)),
    );
    await Promise.all([...pages, ...creations]);

    const lastOrder = Math.max(...done.flatMap((d, i) => (d.startsWith('order') ? [i] : [])));
    const pagesAfterOrders = done.slice(lastOrder + 1).length;
    // At most the pages already granted before the orders queued finish first.
    expect(pagesAfterOrders).toBeGreaterThanOrEqual(3);
  });

  it('comes down on 429 when the ERP lowers its limit, and probes back up', async () => {
    await faults({ latencyMs: 50, maxConcurrency: 2 });
    const orders = await service('order-ingestion', {
      ceiling: 6,
      adaptive: { probeHoldMs: 200, cooldownMs: 100 },
    });

    // Callers retry a throttle as the services' queues do.
    const createWithRetry = async (id: string): Promise<unknown> =>
      orders.erp.upsertSalesOrder(order(id), ctx).catch((error) => {
        if (!(error instanceof ErpThrottledError)) throw error;
        return createWithRetry(id);
      });

    await Promise.all(Array.from({ length: 40 }, (_, i) => createWithRetry(`l${i}`)));

    const stats = await erpStats();
    expect(stats.salesOrders.created).toBe(40);
    expect(stats.peakConcurrency).toBeLessThanOrEqual(2);
    // Throttles cost little: far fewer 429s than calls once the limit has come down.
    expect(stats.requests.overConcurrency).toBeLessThan(15);
  });

  it('an ERP that got slower (latency x10, nothing refused) costs a back-off step or two, not a slide to one slot', async () => {
    // One caller at a time (never at the limit: no increase either), a short cooldown: if each
    // slow call still read as overload until the long average caught up (~20 calls), the limit
    // would slide to one slot.
    const account = `acct-slow-${sim.schema}`;
    const orders = await service('order-ingestion', { account, adaptive: { cooldownMs: 100 } });
    const run = async (prefix: string, calls: number) => {
      for (let i = 0; i < calls; i++)
        await orders.erp.upsertSalesOrder(order(`${prefix}-${i}`), ctx);
    };
    await faults({ latencyMs: 0, maxConcurrency: null });
    await run('fast', 40);
    await faults({ latencyMs: 400, maxConcurrency: null });
    await run('slow', 20);

    const db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    const { rows } = await db
      .query(`SELECT limit_value FROM ${schema}.account WHERE account_key = $1`, [account])
      .finally(() => db.end());
    expect(Number(rows[0].limit_value)).toBeGreaterThanOrEqual(2.5);
    expect((await erpStats()).salesOrders.created).toBe(60);
  });

  it('hands a freed permit to the next call of the same process, within the ceiling', async () => {
    await faults({ latencyMs: 30, maxConcurrency: null });
    const orders = await service('order-ingestion', { ceiling: 2 });
    const before = await handoffs('handed');
    const account = { account: `acct-${sim.schema}` };
    const trips = () =>
      Promise.all(
        (['grant', 'handoff'] as const).map((step) =>
          observations('retail_erp_governor_round_trip_seconds', { ...account, step }),
        ),
      );
    const calls = () =>
      observations('retail_erp_call_seconds', { ...account, operation: 'upsertSalesOrder' });
    const [grantsBefore, tripsBefore, callsBefore] = [...(await trips()), await calls()];

    await Promise.all(
      Array.from({ length: 12 }, (_, i) => orders.erp.upsertSalesOrder(order(`h${i}`), ctx)),
    );

    const stats = await erpStats();
    expect(stats.salesOrders.created).toBe(12);
    expect(stats.peakAttemptedConcurrency).toBeLessThanOrEqual(2);
    // Ten calls waited while two ran: each freed permit went on to a waiting call.
    const handed = (await handoffs('handed')) - before;
    expect(handed).toBeGreaterThan(0);
    // Operators see both halves of a slot's time: each call's duration, and the governor's
    // round trips between calls (every hand-off is one; the first permits came by grants).
    const [grants, handoffTrips] = await trips();
    expect((await calls()) - callsBefore).toBe(12);
    expect(handoffTrips - tripsBefore).toBeGreaterThanOrEqual(handed);
    expect(grants - grantsBefore).toBeGreaterThan(0);
  });

  it('a handed-on permit still takes a token: starts stay within ERP_MAX_RPS', async () => {
    await faults({ latencyMs: 0, maxConcurrency: null });
    // One call start per second (bucket 1): three calls need two refills, whatever the permits.
    const orders = await service('order-ingestion', { ceiling: 4, maxRps: 1 });
    const starts: number[] = [];
    const inner = new NetSuiteRestErpAdapter({ baseUrl: sim.baseUrl, timeoutMs: 5000 });
    const timed = new GovernedErpAdapter(
      Object.assign(Object.create(inner) as NetSuiteRestErpAdapter, {
        upsertSalesOrder: (o: Parameters<typeof inner.upsertSalesOrder>[0], c: typeof ctx) => {
          starts.push(Date.now());
          return inner.upsertSalesOrder(o, c);
        },
      }),
      orders.governor,
    );

    await Promise.all(
      Array.from({ length: 3 }, (_, i) => timed.upsertSalesOrder(order(`r${i}`), ctx)),
    );

    expect(starts).toHaveLength(3);
    // Two refills at 1/s between the first start and the third (a second of margin for jitter).
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThanOrEqual(1000);
  });

  it("frees a crashed holder's permit when its lease lapses", async () => {
    const crashed = await service('inventory', { ceiling: 1, leaseMs: 400 });
    const alive = await service('order-ingestion', { ceiling: 1 });
    await crashed.governor.acquire('inventory'); // never released: the holder "died"

    const result = await alive.erp.upsertSalesOrder(order('after-crash'), ctx);

    expect(result.created).toBe(true);
  });

  it('refuses with a retryable ErpBusyError after the wait limit, having sent nothing', async () => {
    const holder = await service('inventory', { ceiling: 1 });
    const waiter = await service('order-ingestion', { ceiling: 1, maxWaitMs: 300 });
    await holder.governor.acquire('inventory');

    const call = waiter.erp.upsertSalesOrder(order('busy'), ctx);

    await expect(call).rejects.toBeInstanceOf(ErpBusyError);
    await expect(call).rejects.toMatchObject({ retryable: true });
    expect((await erpStats()).requests.total).toBe(0);
  });
});
