import { Client } from 'pg';
import { eventually, SERVICE_NAMES, Stack, startStack } from '../src/stack';
// The local Tryton is a repository tool (tools/tryton), not an Nx project.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { LocalTryton, trytonQuery, trytonSetup } from '../../../tools/tryton/local-tryton';

jest.setTimeout(600_000);

const SKU = 'TRY-SKU-010';
const ERP_MAX_CONCURRENCY = 3;
const SYNC_PAGE = 5;
/** This suite stops and kills its trytond: its own port, apart from the contract suite's. */
const TRYTON_PORT = '8001';
const DC = 'TRY-DC-1';
const STORE = 'TRY-STORE-1';

/**
 * The process stack with a real Tryton (trytond 6.0, tools/tryton/setup.sh) as the ERP: every
 * service reads ERP_KIND=tryton and nothing else changes. Tryton's own tables are the witness.
 */
describe('Tryton as the ERP of the process stack', () => {
  let stack: Stack;
  let tryton: LocalTryton;
  const orders = (method: string, path: string, body?: unknown) =>
    stack.call('order-ingestion', method, path, body);
  const view = async (orderId: string) => (await orders('GET', `/v1/orders/${orderId}`)).body;

  beforeAll(async () => {
    tryton = trytonSetup('all', TRYTON_PORT);
    const erpEnv = {
      ERP_KIND: 'tryton',
      ERP_BASE_URL: tryton.baseUrl,
      TRYTON_DATABASE: tryton.database,
      TRYTON_USER: tryton.user,
      TRYTON_PASSWORD: tryton.password,
      ERP_TIMEOUT_MS: '30000',
    };
    const env: Record<string, Record<string, string>> = Object.fromEntries(
      SERVICE_NAMES.filter((n) => !n.endsWith('-simulator')).map((n) => [n, erpEnv]),
    );
    env['master-data'] = { ...erpEnv, MASTERDATA_ERP_SYNC_PAGE_SIZE: String(SYNC_PAGE) };
    env['order-ingestion'] = {
      ...erpEnv,
      ERP_MAX_CONCURRENCY: String(ERP_MAX_CONCURRENCY),
      ERP_MAX_RPS: '50',
      ERP_BREAKER_RESET_MS: '1000',
    };
    stack = await startStack({
      only: ['backoffice-simulator', 'master-data', 'inventory', 'order-ingestion', 'returns'],
      env,
    });
    const product = await stack.call('master-data', 'PUT', `/v1/products/${SKU}`, {
      name: SKU,
      erpItemId: SKU,
      status: 'active',
      serialTracked: false,
      lotTracked: false,
      returnable: true,
      returnWindowDays: 30,
      restockingFeePercent: 0,
      version: 1,
    });
    expect(product.status).toBeLessThan(300);
  }, 30 * 60_000);
  afterAll(async () => {
    await stack?.stop();
    trytonSetup('stop', TRYTON_PORT);
  });

  it('posts 100 orders taken while trytond is stopped as exactly one confirmed sale each', async () => {
    const run = Date.now();
    trytonSetup('stop', TRYTON_PORT);
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await orders('POST', '/v1/orders', webOrder(`tryton-${run}-${i}`, SKU));
      expect(res.status).toBe(202);
      ids.push(res.body.orderId);
    }
    await eventually(async () => (await countStatus(run, 'awaiting_erp')) === 100, 120_000, 500);
    expect(await countStatus(run, 'erp_confirmed')).toBe(0);

    trytonSetup('start', TRYTON_PORT);
    const started = Date.now();
    await eventually(async () => (await countStatus(run, 'erp_confirmed')) === 100, 480_000, 1000);
    const drainMs = Date.now() - started;

    const externalIds = await Promise.all(ids.map(async (id) => (await view(id)).erp.externalId));
    const sales = await trytonQuery<{ reference: string; sales: string; states: string }>(
      `SELECT reference, count(*)::text AS sales, string_agg(DISTINCT state, ',') AS states
         FROM sale_sale WHERE reference = ANY($1) GROUP BY reference`,
      [externalIds],
    );
    expect(sales).toHaveLength(100);
    expect(sales.every((s) => s.sales === '1')).toBe(true);
    expect(new Set(sales.map((s) => s.states))).toEqual(new Set(['confirmed']));
    process.stdout.write(
      `[tryton e2e] 100 orders taken while trytond was stopped: confirmed in Tryton ${drainMs} ms after it started (ERP_MAX_CONCURRENCY ${ERP_MAX_CONCURRENCY})\n`,
    );
  });

  it("cancels the order's Tryton sale when the order is cancelled", async () => {
    const res = await orders('POST', '/v1/orders', webOrder(`tryton-cancel-${Date.now()}`, SKU));
    expect(res.status).toBe(202);
    const orderId = res.body.orderId as string;
    const confirmed = await eventually(async () => {
      const v = await view(orderId);
      return v.status === 'erp_confirmed' ? v : undefined;
    }, 120_000);
    const reference = confirmed.erp.externalId as string;

    const cancel = await orders('POST', `/v1/orders/${orderId}/cancel`, { reason: 'customer' });
    expect(cancel.status).toBeLessThan(300);

    const sale = await eventually(async () => {
      const [row] = await trytonQuery<{ state: string; n: string }>(
        `SELECT max(state) AS state, count(*)::text AS n FROM sale_sale WHERE reference = $1`,
        [reference],
      );
      return row?.state === 'cancelled' ? row : undefined;
    }, 120_000);
    expect(sale.n).toBe('1');
  });

  it("syncs Tryton's products page by page and resumes after trytond was killed mid-sync", async () => {
    const md = (method: string, path: string) => stack.call('master-data', method, path);
    const [{ products }] = await trytonQuery<{ products: string }>(
      `SELECT count(*)::text AS products FROM product_product`,
    );
    const paused = await md('POST', '/v1/sync/erp?maxPages=3');
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ status: 'paused', pages: 3, items: 3 * SYNC_PAGE });

    trytonSetup('kill', TRYTON_PORT); // SIGKILL
    const failed = await md('POST', '/v1/sync/erp');
    expect(failed.status).toBe(503);
    expect((await md('GET', '/v1/sync/erp')).body).toMatchObject({ status: 'failed', pages: 3 });

    trytonSetup('start', TRYTON_PORT);
    const done = await md('POST', '/v1/sync/erp');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'completed',
      resumed: true,
      runId: paused.body.runId,
      totalItems: Number(products),
    });
    const schema = stack.schema('master-data');
    const [ledger] = await masterDataQuery(
      stack,
      `SELECT count(*)::text AS n FROM "${schema}".product WHERE sku LIKE 'TRY-SKU-%'`,
    );
    expect(Number(ledger.n)).toBe(Number(products) - 1);
  });

  it('turns a return into one posted Tryton credit note of the refunded amount', async () => {
    const put = (path: string, body: unknown) => stack.call('master-data', 'PUT', path, body);
    for (const [id, type] of [
      [DC, 'dc'],
      [STORE, 'store'],
    ] as const) {
      const res = await put(`/v1/locations/${id}`, {
        name: id,
        type,
        capabilities: { ship: type === 'dc', pickup: false, shipFromStore: false, returns: true },
        version: 1,
      });
      expect(res.status).toBeLessThan(300);
    }
    await eventually(async () => {
      const res = await stack.call('inventory', 'POST', '/v1/inventory/movements', [
        {
          eventId: `tryton-seed-${Date.now()}`,
          source: 'e2e-wms',
          sourceSequence: 1,
          occurredAt: new Date().toISOString(),
          type: 'receipt',
          sku: SKU,
          locationId: DC,
          quantity: 50,
        },
      ]);
      return res.status === 200;
    });
    const order = webOrder(`tryton-return-${Date.now()}`, SKU);
    order.lines[0].fulfillment = { type: 'ship', locationId: DC } as never;
    const created = await orders('POST', '/v1/orders', order);
    expect(created.status).toBe(202);
    const orderId = created.body.orderId as string;
    await eventually(async () => (await view(orderId)).status === 'erp_confirmed', 120_000);
    for (const type of ['shipped', 'delivered']) {
      const res = await orders('POST', '/v1/fulfillment-events', {
        eventId: `${orderId}-${type}`,
        orderId,
        type,
        lines: [{ lineId: '1', quantity: 1 }],
        locationId: DC,
        occurredAt: new Date().toISOString(),
      });
      expect(res.status).toBeLessThan(300);
    }

    const key = `tryton-return-${orderId}`;
    const requested = await eventually(async () => {
      const res = await stack.call(
        'returns',
        'POST',
        '/v1/returns',
        {
          orderId,
          channel: 'pos',
          locationId: STORE,
          lines: [{ lineId: '1', quantity: 1, reasonCode: 'changed_mind' }],
          resolution: 'refund',
        },
        { 'idempotency-key': key },
      );
      return res.status === 201 ? res : undefined;
    }, 60_000);
    const returnId = requested.body.returnId as string;
    await stack.call('returns', 'POST', `/v1/returns/${returnId}/receive`, {});
    await stack.call('returns', 'POST', `/v1/returns/${returnId}/inspection`, {
      lines: [{ lineId: '1', condition: 'new' }],
    });
    const closed = await eventually(async () => {
      const res = await stack.call('returns', 'GET', `/v1/returns/${returnId}`);
      return res.body?.status === 'closed' ? res.body : undefined;
    }, 120_000);

    const notes = await trytonQuery<{ state: string; total: string }>(
      `SELECT i.state, round(sum(l.quantity::numeric * l.unit_price), 2)::text AS total
         FROM account_invoice i JOIN account_invoice_line l ON l.invoice = i.id
        WHERE i.type = 'out' AND i.reference = $1 GROUP BY i.id, i.state`,
      [returnId.replace(/[^A-Za-z0-9_-]/g, '_')],
    );
    expect(closed.refund.total).toBe(2318);
    expect(notes).toEqual([{ state: 'posted', total: (-closed.refund.total / 100).toFixed(2) }]);
  });

  async function countStatus(run: number, status: string): Promise<number> {
    const page = await orders('GET', `/v1/orders?channel=web&status=${status}&limit=200`);
    return page.body.items.filter((o: { channelOrderId: string }) =>
      o.channelOrderId.startsWith(`tryton-${run}-`),
    ).length;
  }
});

async function masterDataQuery(stack: Stack, sql: string): Promise<{ n: string }[]> {
  const client = new Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ n: string }>(sql)).rows;
  } finally {
    await client.end();
  }
}

function webOrder(channelOrderId: string, sku: string) {
  return {
    channel: 'web',
    channelOrderId,
    orderedAt: new Date().toISOString(),
    currency: 'EUR',
    customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
    shippingAddress: { line1: 'Main St 1', city: 'Berlin', countryCode: 'DE' },
    lines: [
      {
        lineId: '1',
        sku,
        quantity: 1,
        unitPrice: 1999,
        discount: 0,
        tax: 319,
        fulfillment: { type: 'ship' },
      },
    ],
    payment: {
      status: 'captured',
      method: 'card',
      reference: `psp-${channelOrderId}`,
      amount: 2318,
    },
  };
}
