import { ErpRejectedError, ErpThrottledError } from '../../errors';
import { fakeFetch } from '@retail/platform-http-client';
import { ErpAuth, authenticatedFetch } from './auth/erp-auth';
import { NetSuiteRestErpAdapter } from './netsuite-rest-erp.adapter';

const BASE = 'http://erp.test:3099';
const CTX = { correlationId: 'corr-1' };
const TBA: ErpAuth = {
  kind: 'tba',
  credentials: {
    accountId: '1234567-sb1',
    consumerKey: 'ck',
    consumerSecret: 'cs',
    tokenId: 'tok',
    tokenSecret: 'ts',
  },
};
const ORDER = {
  externalId: 'shopify_1001',
  customerId: 'C1',
  orderDate: '2026-11-26',
  currency: 'EUR',
  lines: [{ lineId: 'l1', itemId: 'I1', quantity: 1, unitPrice: 1000 }],
};
const created = (id: string, outcome?: string) => ({
  status: 204,
  headers: {
    location: `${BASE}/services/rest/record/v1/salesOrder/${id}`,
    ...(outcome ? { 'x-simulator-outcome': outcome } : {}),
  },
});

describe('NetSuiteRestErpAdapter', () => {
  it('upserts by eid with PUT, JSON body and the correlation id', async () => {
    const { fetch, calls } = fakeFetch([created('42', 'created')]);
    const sut = new NetSuiteRestErpAdapter({
      baseUrl: BASE,
      fetch: authenticatedFetch(fetch, TBA),
    });

    const result = await sut.upsertSalesOrder(ORDER, CTX);

    expect(result).toEqual({ salesOrderId: '42', created: true });
    expect(calls[0]).toMatchObject({
      url: `${BASE}/services/rest/record/v1/salesOrder/eid:shopify_1001`,
      method: 'PUT',
      headers: {
        'x-correlation-id': 'corr-1',
        'content-type': 'application/json',
        authorization: expect.stringMatching(/^OAuth realm="1234567_SB1", oauth_token="tok"/),
      },
      body: { externalId: 'shopify_1001', entity: { id: 'C1' }, tranDate: '2026-11-26' },
    });
  });

  it('reports a repeat, and "not created" when the ERP does not say (real NetSuite)', async () => {
    const { fetch } = fakeFetch([created('42', 'repeated'), created('42')]);
    const sut = new NetSuiteRestErpAdapter({ baseUrl: BASE, fetch });

    expect((await sut.upsertSalesOrder(ORDER, CTX)).created).toBe(false);
    expect((await sut.upsertSalesOrder(ORDER, CTX)).created).toBe(false);
  });

  it('throws ErpThrottledError on 429 and never calls for an invalid external id', async () => {
    const { fetch, calls } = fakeFetch([
      { status: 429, headers: { 'retry-after': '2' }, body: {} },
    ]);
    const sut = new NetSuiteRestErpAdapter({ baseUrl: BASE, fetch });

    await expect(sut.upsertSalesOrder(ORDER, CTX)).rejects.toMatchObject({ retryAfterMs: 2000 });
    await expect(sut.upsertSalesOrder({ ...ORDER, externalId: 'a b' }, CTX)).rejects.toBeInstanceOf(
      ErpRejectedError,
    );
    expect(calls).toHaveLength(1);
  });

  it('cancels with the @cancel record action', async () => {
    const { fetch, calls } = fakeFetch([
      { ...created('42', 'repeated'), status: 200, body: { result: true } },
    ]);
    const sut = new NetSuiteRestErpAdapter({ baseUrl: BASE, fetch });

    const result = await sut.cancelSalesOrder('shopify_1001', CTX);

    expect(result).toEqual({ salesOrderId: '42', cancelled: false });
    expect(calls[0].url).toBe(
      `${BASE}/services/rest/record/v1/salesOrder/eid:shopify_1001/@cancel`,
    );
    expect(calls[0].method).toBe('POST');
  });

  it('finds a sales order, or undefined on 404', async () => {
    const record = {
      id: '42',
      externalId: 'shopify_1001',
      status: { id: 'C', refName: 'Cancelled' },
    };
    const { fetch } = fakeFetch([
      { status: 200, body: record },
      { status: 404, body: {} },
    ]);
    const sut = new NetSuiteRestErpAdapter({ baseUrl: BASE, fetch });

    expect(await sut.findSalesOrder('shopify_1001', CTX)).toEqual({
      salesOrderId: '42',
      externalId: 'shopify_1001',
      status: 'Cancelled',
    });
    expect(await sut.findSalesOrder('missing', CTX)).toBeUndefined();
  });

  it('pages the item master with the cursor it is given', async () => {
    const page = {
      items: [{ id: '1', itemId: 'SKU-1', basePrice: 9.99, currency: 'EUR' }],
      hasMore: true,
      nextCursor: 'abc',
    };
    const { fetch, calls } = fakeFetch([{ status: 200, body: page }]);
    const sut = new NetSuiteRestErpAdapter({ baseUrl: BASE, fetch });

    const result = await sut.fetchItemMaster({ cursor: 'prev', limit: 50 }, CTX);

    expect(calls[0].url).toBe(`${BASE}/services/rest/record/v1/inventoryItem?limit=50&cursor=prev`);
    expect(result).toEqual({
      items: [
        { itemId: '1', sku: 'SKU-1', name: 'SKU-1', active: true, basePrice: 999, currency: 'EUR' },
      ],
      nextCursor: 'abc',
    });
  });

  it('follows on-hand pages until the last one', async () => {
    const row = (item: string) => ({
      item: { id: item },
      location: { id: 'DC1' },
      quantityOnHand: 3,
    });
    const { fetch, calls } = fakeFetch([
      { status: 200, body: { items: [row('A')], hasMore: true, nextCursor: 'n1' } },
      { status: 200, body: { items: [row('B')], hasMore: false } },
    ]);
    const sut = new NetSuiteRestErpAdapter({ baseUrl: BASE, fetch });

    const rows = await sut.getOnHand({ locationId: 'DC1' }, CTX);

    expect(rows.map((r) => r.itemId)).toEqual(['A', 'B']);
    expect(calls[1].url).toContain('cursor=n1');
    expect(calls[0].url).toContain('location=DC1');
  });

  it('posts inventory adjustments keyed by batch id', async () => {
    const { fetch, calls } = fakeFetch([created('7', 'created')]);
    const sut = new NetSuiteRestErpAdapter({ baseUrl: BASE, fetch });

    const result = await sut.postInventoryAdjustments(
      {
        batchId: 'b_1',
        adjustmentDate: '2026-11-26',
        lines: [{ itemId: 'I', locationId: 'L', quantityDelta: 2 }],
      },
      CTX,
    );

    expect(result).toEqual({ id: '7', created: true });
    expect(calls[0].url).toBe(`${BASE}/services/rest/record/v1/inventoryAdjustment/eid:b_1`);
  });

  it('keeps a base path of the configured URL', async () => {
    const { fetch, calls } = fakeFetch([{ status: 429, body: {} }]);
    const sut = new NetSuiteRestErpAdapter({ baseUrl: 'http://gw.test/netsuite/', fetch });

    await expect(sut.cancelSalesOrder('x', CTX)).rejects.toBeInstanceOf(ErpThrottledError);
    expect(calls[0].url).toBe(
      'http://gw.test/netsuite/services/rest/record/v1/salesOrder/eid:x/@cancel',
    );
  });

  describe('the financial side (customer, transforms)', () => {
    const notFound = { status: 404, body: { title: 'Not Found', 'o:errorDetails': [] } };
    const at = (recordType: string, id: string) => ({
      status: 204,
      headers: { location: `${BASE}/services/rest/record/v1/${recordType}/${id}` },
    });

    it('finds a customer by e-mail when its external id is unknown, creating nothing', async () => {
      const { fetch, calls } = fakeFetch([
        notFound,
        { status: 200, body: { items: [{ id: '7001' }], hasMore: false } },
      ]);
      const sut = new NetSuiteRestErpAdapter({ baseUrl: BASE, fetch });

      const found = await sut.findOrCreateCustomer(
        { externalId: 'cust_c-1', email: 'ada@example.com' },
        CTX,
      );

      expect(found).toEqual({ customerId: '7001', matchedBy: 'email' });
      expect(calls.map((c) => c.method)).toEqual(['GET', 'GET']);
      expect(calls[1].url).toContain('q=email+IS+%22ada%40example.com%22');
    });

    it('transforms the sales order into an invoice after looking for its eid (real NetSuite: no outcome header)', async () => {
      const { fetch, calls } = fakeFetch([notFound, at('invoice', '88')]);
      const sut = new NetSuiteRestErpAdapter({ baseUrl: BASE, fetch });

      const result = await sut.createBillingDocument(
        {
          recordType: 'invoice',
          externalId: 'shopify_1001-INV-e1',
          salesOrderExternalId: 'shopify_1001',
          customerId: '7001',
          tranDate: '2026-11-27T10:00:00Z',
          currency: 'EUR',
          shippingCost: 495,
          lines: [{ lineId: 'l1', itemId: 'I1', quantity: 1, unitPrice: 1000, tax: 190 }],
        },
        CTX,
      );

      expect(result).toEqual({ id: '88', created: true });
      expect(calls[0]).toMatchObject({
        method: 'GET',
        url: `${BASE}/services/rest/record/v1/invoice/eid:shopify_1001-INV-e1`,
      });
      expect(calls[1]).toMatchObject({
        method: 'POST',
        url: `${BASE}/services/rest/record/v1/salesOrder/eid:shopify_1001/!transform/invoice`,
        body: {
          externalId: 'shopify_1001-INV-e1',
          entity: { id: '7001' },
          tranDate: '2026-11-27',
          shippingCost: 4.95,
          item: { items: [{ item: { id: 'I1' }, amount: 10, tax1Amt: 1.9 }] },
        },
      });
    });

    it('finds an item fulfillment a previous attempt created, and transforms nothing', async () => {
      const { fetch, calls } = fakeFetch([{ status: 200, body: { id: '55' } }]);
      const sut = new NetSuiteRestErpAdapter({ baseUrl: BASE, fetch });

      const result = await sut.createItemFulfillment(
        {
          externalId: 'shopify_1001-IF-e1',
          salesOrderExternalId: 'shopify_1001',
          customerId: '7001',
          shipDate: '2026-11-27',
          lines: [{ lineId: 'l1', itemId: 'I1', quantity: 1 }],
        },
        CTX,
      );

      expect(result).toEqual({ id: '55', created: false });
      expect(calls).toHaveLength(1);
    });
  });
});
