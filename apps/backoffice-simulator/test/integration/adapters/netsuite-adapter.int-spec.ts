import { createServer } from 'node:net';
import request from 'supertest';
import {
  ErpNotFoundError,
  ErpSalesOrder,
  ErpThrottledError,
  ErpUnavailableError,
  NetSuiteRestErpAdapter,
} from '@retail/backoffice-adapters';
// Test-only: the simulator app is the stand-in these adapters are proven against, started
// in-process. Library code never imports an app.

import { RunningSimulator, startSimulator } from '../../support/start-simulator';

const order = (externalId: string): ErpSalesOrder => ({
  externalId,
  customerId: 'CUST-1',
  orderDate: '2026-11-26T10:00:00Z',
  currency: 'EUR',
  locationId: 'DC1',
  lines: [
    { lineId: 'l1', itemId: 'ITEM-1', quantity: 2, unitPrice: 1999, discount: 100, tax: 380 },
  ],
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('NetSuiteRestErpAdapter against the back-office simulator', () => {
  let sim: RunningSimulator;
  let sut: NetSuiteRestErpAdapter;
  const admin = () => request(sim.baseUrl);
  const ctx = (correlationId = 'corr-adapter') => ({ correlationId });
  const faults = (erp: Record<string, unknown>) =>
    admin().post('/admin/faults').send({ erp }).expect(200);
  const erpStats = async () => (await admin().get('/admin/stats').expect(200)).body.erp;

  beforeAll(async () => {
    sim = await startSimulator();
    sut = new NetSuiteRestErpAdapter({ baseUrl: sim.baseUrl, timeoutMs: 5000 });
  });
  afterAll(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    await admin().post('/admin/reset').expect(200);
  });

  it('creates a sales order with a non-stock line (no SKU) on the non-inventory item', async () => {
    const tip = {
      kind: 'non_stock' as const,
      lineId: 'tip',
      title: 'Tip',
      quantity: 1,
      unitPrice: 300,
    };
    const sale = { ...order('shopify_nonstock_1'), lines: [...order('x').lines, tip] };

    const result = await sut.upsertSalesOrder(sale, ctx());

    expect(result.created).toBe(true);
  });

  it('upserts twice: one record, the second counted as repeated', async () => {
    const first = await sut.upsertSalesOrder(order('shopify_1001'), ctx('corr-upsert'));
    const second = await sut.upsertSalesOrder(order('shopify_1001'), ctx('corr-upsert'));

    expect(first.created).toBe(true);
    expect(second).toEqual({ salesOrderId: first.salesOrderId, created: false });
    expect((await erpStats()).salesOrders).toEqual({ created: 1, repeated: 1 });
    const stored = await admin()
      .get(`/services/rest/record/v1/salesOrder/eid:shopify_1001`)
      .expect(200);
    expect(stored.body.item.items[0]).toMatchObject({ rate: 19.99, amount: 38.98, tax1Amt: 3.8 });
    const calls = await admin().get('/admin/calls?correlationId=corr-upsert').expect(200);
    expect(calls.body.length).toBeGreaterThanOrEqual(1);
  });

  it('maps 429 above the concurrency limit to ErpThrottledError', async () => {
    await faults({ maxConcurrency: 1, latencyMs: 300 });

    const results = await Promise.allSettled(
      ['t_1', 't_2', 't_3'].map((id) => sut.upsertSalesOrder(order(id), ctx())),
    );

    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(rejected).toHaveLength(2);
    for (const { reason } of rejected) {
      expect(reason).toBeInstanceOf(ErpThrottledError);
      expect(reason).toMatchObject({
        retryable: true,
        retryAfterMs: 1000,
        code: 'CONCURRENCY_LIMIT_EXCEEDED',
      });
    }
    expect((await erpStats()).peakAdmittedConcurrency).toBe(1);
  });

  it('maps a down ERP (503) to a retryable ErpUnavailableError', async () => {
    await faults({ mode: 'down' });

    const error = await sut.upsertSalesOrder(order('down_1'), ctx()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ErpUnavailableError);
    expect(error).toMatchObject({ status: 503, retryable: true, outcomeUnknown: false });
    expect((await erpStats()).salesOrders.created).toBe(0);
  });

  it('maps a refused connection to ErpUnavailableError (nothing sent)', async () => {
    const offline = new NetSuiteRestErpAdapter({
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
    });

    const error = await offline.upsertSalesOrder(order('off_1'), ctx()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ErpUnavailableError);
    expect(error).toMatchObject({ outcomeUnknown: false, code: 'ECONNREFUSED' });
  });

  it('maps a timeout to ErpUnavailableError with an unknown outcome', async () => {
    await faults({ mode: 'slow', latencyMs: 1000 });

    const error = await sut
      .upsertSalesOrder(order('slow_1'), { correlationId: 'c', timeoutMs: 150 })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ErpUnavailableError);
    expect(error).toMatchObject({ outcomeUnknown: true, code: 'TIMEOUT' });
    // The simulator still creates the order once its latency has passed: wait for that here, or
    // it lands after the next test's reset and is counted there.
    const deadline = Date.now() + 15_000;
    while ((await erpStats()).salesOrders.created < 1) {
      if (Date.now() > deadline) throw new Error('the slow order was never created');
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('recovers "timed out after creating it" by upserting again: still one record', async () => {
    await faults({ dropResponseAfterCommit: true });
    const error = await sut.upsertSalesOrder(order('drop_1'), ctx()).catch((e: unknown) => e);
    await faults({ dropResponseAfterCommit: false });

    const retry = await sut.upsertSalesOrder(order('drop_1'), ctx());

    expect(error).toBeInstanceOf(ErpUnavailableError);
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect(retry.created).toBe(false);
    expect((await erpStats()).salesOrders).toEqual({ created: 1, repeated: 1 });
  });

  it('pages the item master by cursor', async () => {
    await admin().post('/admin/seed/items').send({ count: 23 }).expect(200);

    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await sut.fetchItemMaster({ cursor, limit: 10 }, ctx());
      pages.push(page.items);
      cursor = page.nextCursor;
    } while (cursor);

    expect(pages.map((p) => p.length)).toEqual([10, 10, 3]);
    const items = pages.flat();
    expect(new Set(items.map((i) => i.sku)).size).toBe(23);
    expect(items[0]).toMatchObject({
      itemId: '100001',
      sku: 'SKU-000001',
      basePrice: 1001,
      currency: 'EUR',
      active: true,
    });
  });

  it('cancels, finds, and creates return documents once', async () => {
    await sut.upsertSalesOrder(order('so_9'), ctx());
    const cancel = await sut.cancelSalesOrder('so_9', ctx());
    const cancelAgain = await sut.cancelSalesOrder('so_9', ctx());
    const found = await sut.findSalesOrder('so_9', ctx());
    const ra = {
      externalId: 'rma_9',
      salesOrderExternalId: 'so_9',
      customerId: 'CUST-1',
      returnDate: '2026-12-01',
      currency: 'EUR',
      lines: [{ lineId: 'l1', itemId: 'ITEM-1', quantity: 1, unitPrice: 1999 }],
    };
    const raFirst = await sut.createReturnAuthorization(ra, ctx());
    const raAgain = await sut.createReturnAuthorization(ra, ctx());
    const memo = await sut.createCreditMemo(
      {
        externalId: 'cm_9',
        returnAuthorizationExternalId: 'rma_9',
        customerId: 'CUST-1',
        memoDate: '2026-12-02',
        currency: 'EUR',
        restockingFee: 200,
        lines: [{ lineId: 'l1', itemId: 'ITEM-1', quantity: 1, amount: 1949, tax: 190 }],
      },
      ctx(),
    );

    expect(cancel.cancelled).toBe(true);
    expect(cancelAgain.cancelled).toBe(false);
    expect(found?.status).toBe('Cancelled');
    expect(await sut.findSalesOrder('never_sent', ctx())).toBeUndefined();
    await expect(sut.cancelSalesOrder('never_sent', ctx())).rejects.toBeInstanceOf(
      ErpNotFoundError,
    );
    expect([raFirst.created, raAgain.created, memo.created]).toEqual([true, false, true]);
    const erp = await erpStats();
    expect(erp.returnAuthorizations).toEqual({ created: 1, repeated: 1 });
    expect(erp.creditMemos).toEqual({ created: 1, repeated: 0 });
  });

  it('posts an adjustment batch once and reads on-hand for reconciliation', async () => {
    const batch = {
      batchId: 'inv_b1',
      adjustmentDate: '2026-11-26',
      lines: [
        { itemId: 'I-1', locationId: 'DC1', quantityDelta: 12 },
        { itemId: 'I-2', locationId: 'DC1', quantityDelta: 5 },
      ],
    };
    await sut.postInventoryAdjustments(batch, ctx());
    const again = await sut.postInventoryAdjustments(batch, ctx());

    const all = await sut.getOnHand({}, ctx());
    const one = await sut.getOnHand({ itemId: 'I-2', locationId: 'DC1' }, ctx());

    expect(again.created).toBe(false);
    expect(all).toEqual([
      { itemId: 'I-1', locationId: 'DC1', onHand: 12 },
      { itemId: 'I-2', locationId: 'DC1', onHand: 5 },
    ]);
    expect(one).toEqual([{ itemId: 'I-2', locationId: 'DC1', onHand: 5 }]);
  });
});
