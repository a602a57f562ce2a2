import { fakeFetch, FakeResponse } from '@retail/platform-http-client';
import { backofficeOptionsFromEnv } from '../../config';
import {
  ErpNotFoundError,
  ErpRejectedError,
  ErpThrottledError,
  ErpUnavailableError,
} from '../../errors';
import { createBackofficeAdapters } from '../../factory';
import { TrytonErpAdapter } from './tryton-erp.adapter';

const CTX = { correlationId: 'c-1' };
const SETTINGS = { database: 'shop', user: 'mw', password: 'pw' };
const LOGIN: FakeResponse[] = [
  { status: 200, body: [7, 'sess-1'] },
  { status: 200, body: { company: 1, language: 'en' } },
];

function adapter(responses: FakeResponse[]) {
  const fake = fakeFetch([...LOGIN, ...responses]);
  const sut = new TrytonErpAdapter({
    baseUrl: 'http://tryton.test:8000',
    tryton: SETTINGS,
    fetch: fake.fetch,
  });
  const rpc = () => fake.calls.map((c) => (c.body as { method: string }).method);
  return { sut, calls: fake.calls, rpc };
}

const ORDER = {
  externalId: 'shopify_1001',
  customerId: 'cust-9',
  orderDate: '2026-12-01T10:00:00Z',
  currency: 'EUR',
  memo: 'shopify order 1001',
  lines: [
    { lineId: 'l1', itemId: 'SKU-1', quantity: 2, unitPrice: 1250, discount: 100, tax: 470 },
    { lineId: 'l2', kind: 'non_stock' as const, title: 'Gift wrap', quantity: 1, unitPrice: 300 },
  ],
};

describe('TrytonErpAdapter', () => {
  it('logs in once and creates, quotes and confirms a sale keyed by the order id', async () => {
    const { sut, calls, rpc } = adapter([
      { status: 200, body: [] }, // sale by reference: none
      { status: 200, body: [{ id: 31, addresses: [41] }] }, // party by code
      {
        status: 200,
        body: [
          { id: 5, code: 'SKU-1', default_uom: 1 },
          { id: 6, code: 'NON-INVENTORY', default_uom: 1 },
        ],
      },
      { status: 200, body: [3] }, // currency
      { status: 200, body: [4] }, // warehouse
      { status: 200, body: [99] }, // create
      { status: 200, body: null }, // quote
      { status: 200, body: null }, // confirm
    ]);

    const result = await sut.upsertSalesOrder(ORDER, CTX);

    expect(result).toEqual({ salesOrderId: '99', created: true });
    expect(rpc()).toEqual([
      'common.db.login',
      'model.res.user.get_preferences',
      'model.sale.sale.search_read',
      'model.party.party.search_read',
      'model.product.product.search_read',
      'model.currency.currency.search',
      'model.stock.location.search',
      'model.sale.sale.create',
      'model.sale.sale.quote',
      'model.sale.sale.confirm',
    ]);
    expect(calls[0].url).toBe('http://tryton.test:8000/shop/');
    expect(calls[0].body).toEqual({
      method: 'common.db.login',
      params: ['mw', { password: 'pw' }, 'en'],
    });
    const session = `Session ${Buffer.from('mw:7:sess-1').toString('base64')}`;
    expect(calls.slice(1).every((c) => c.headers.authorization === session)).toBe(true);
    expect(calls.every((c) => c.headers['x-correlation-id'] === 'c-1')).toBe(true);
    const [[sale], context] = (calls[7].body as { params: [[Record<string, any>], unknown] })
      .params;
    expect(context).toEqual({ company: 1, language: 'en' });
    expect(sale).toMatchObject({
      party: 31,
      invoice_address: 41,
      reference: 'shopify_1001',
      sale_date: { __class__: 'date', year: 2026, month: 12, day: 1 },
      currency: 3,
      warehouse: 4,
    });
    expect(sale.lines[0][1]).toEqual([
      expect.objectContaining({
        product: 5,
        quantity: 2,
        unit_price: { __class__: 'Decimal', decimal: '12.0000' },
      }),
      expect.objectContaining({
        description: 'Tax l1',
        unit_price: { __class__: 'Decimal', decimal: '4.70' },
      }),
      expect.objectContaining({ product: 6, description: 'Gift wrap' }),
    ]);
  });

  it('finds the sale a previous call created and only finishes its confirmation', async () => {
    const { sut, rpc } = adapter([
      { status: 200, body: [{ id: 99, state: 'quotation' }] },
      { status: 200, body: null },
    ]);

    const result = await sut.upsertSalesOrder(ORDER, CTX);

    expect(result).toEqual({ salesOrderId: '99', created: false });
    expect(rpc().slice(2)).toEqual(['model.sale.sale.search_read', 'model.sale.sale.confirm']);
  });

  it('cancels a confirmed sale through draft, and a repeated cancel is a no-op', async () => {
    const { sut, rpc } = adapter([
      { status: 200, body: [{ id: 99, state: 'confirmed' }] },
      { status: 200, body: null },
      { status: 200, body: null },
      { status: 200, body: [{ id: 99, state: 'cancelled' }] },
    ]);

    const first = await sut.cancelSalesOrder('shopify_1001', CTX);
    const again = await sut.cancelSalesOrder('shopify_1001', CTX);

    expect(first).toEqual({ salesOrderId: '99', cancelled: true });
    expect(again).toEqual({ salesOrderId: '99', cancelled: false });
    expect(rpc()).toContain('model.sale.sale.draft');
  });

  it('refuses to cancel a sale Tryton has processed and reports an unknown one as not found', async () => {
    const { sut } = adapter([
      { status: 200, body: [{ id: 99, state: 'processing' }] },
      { status: 200, body: [] },
    ]);

    await expect(sut.cancelSalesOrder('a', CTX)).rejects.toMatchObject({
      code: 'NOT_CANCELLABLE',
      retryable: false,
    });
    await expect(sut.cancelSalesOrder('b', CTX)).rejects.toBeInstanceOf(ErpNotFoundError);
  });

  it.each([
    [423, ErpThrottledError, 'TRYTON_CONCURRENCY'],
    [400, ErpRejectedError, 'TRYTON_USER_ERROR'],
    [409, ErpRejectedError, 'TRYTON_WARNING'],
    [500, ErpUnavailableError, undefined],
    [503, ErpUnavailableError, undefined],
  ])('maps Tryton HTTP %i to %p', async (status, type, code) => {
    const { sut } = adapter([{ status, body: '<h1>failure</h1>' }]);

    const call = sut.findSalesOrder('x', CTX);

    await expect(call).rejects.toBeInstanceOf(type);
    if (code) await expect(call).rejects.toMatchObject({ code });
  });

  it("keeps the sentence of trytond's HTML error page as the message", async () => {
    const page =
      '<!doctype html><title>400</title><p>A value is required for field &#34;Journal&#34; in &#34;Invoice&#34;. - </p>';
    const fake = fakeFetch(LOGIN);
    const sut = new TrytonErpAdapter({
      baseUrl: 'http://t',
      tryton: SETTINGS,
      fetch: async (input, init) =>
        fake.calls.length < 2 ? fake.fetch(input, init) : new Response(page, { status: 400 }),
    });

    await expect(sut.findSalesOrder('x', CTX)).rejects.toThrow(
      'HTTP 400: A value is required for field "Journal" in "Invoice".',
    );
  });

  it('logs in again once when the session expired', async () => {
    const { sut, rpc } = adapter([
      { status: 401 },
      ...LOGIN,
      { status: 200, body: [{ id: 5, state: 'draft' }] },
    ]);

    const found = await sut.findSalesOrder('shopify_1001', CTX);

    expect(found).toEqual({ salesOrderId: '5', externalId: 'shopify_1001', status: 'draft' });
    expect(rpc().filter((m) => m === 'common.db.login')).toHaveLength(2);
  });

  it('reports a refused login as a rejection, not a retry', async () => {
    const fake = fakeFetch([{ status: 403, body: 'Forbidden' }]);
    const sut = new TrytonErpAdapter({ baseUrl: 'http://t', tryton: SETTINGS, fetch: fake.fetch });

    await expect(sut.findSalesOrder('x', CTX)).rejects.toMatchObject({
      code: 'TRYTON_LOGIN',
      retryable: false,
    });
  });

  it('refuses an unknown product before writing anything', async () => {
    const { sut, rpc } = adapter([
      { status: 200, body: [] },
      { status: 200, body: [{ id: 31, addresses: [41] }] },
      { status: 200, body: [{ id: 6, code: 'NON-INVENTORY', default_uom: 1 }] },
    ]);

    await expect(sut.upsertSalesOrder(ORDER, CTX)).rejects.toMatchObject({
      code: 'UNKNOWN_ITEM',
      message: expect.stringContaining('SKU-1'),
    });
    expect(rpc()).not.toContain('model.sale.sale.create');
  });

  it('pages the item master by id with Tryton decimals and datetimes mapped', async () => {
    const { sut, calls } = adapter([
      {
        status: 200,
        body: [
          {
            id: 11,
            code: 'SKU-1',
            name: 'Mug',
            active: true,
            list_price: { __class__: 'Decimal', decimal: '12.5000' },
            write_date: null,
            create_date: {
              __class__: 'datetime',
              year: 2026,
              month: 1,
              day: 2,
              hour: 3,
              minute: 4,
              second: 5,
            },
          },
          { id: 12, code: 'SKU-2', name: 'Cup', active: false, list_price: null },
        ],
      },
      { status: 200, body: [{ id: 1, currency: 3 }] },
      { status: 200, body: [{ id: 3, code: 'EUR' }] },
    ]);

    const page = await sut.fetchItemMaster({ cursor: '10', limit: 2 }, CTX);

    expect(page).toEqual({
      items: [
        {
          itemId: 'SKU-1',
          sku: 'SKU-1',
          name: 'Mug',
          active: true,
          basePrice: 1250,
          currency: 'EUR',
          lastModified: '2026-01-02T03:04:05.000Z',
        },
        { itemId: 'SKU-2', sku: 'SKU-2', name: 'Cup', active: false },
      ],
      nextCursor: '12',
    });
    const params = (calls[2].body as { params: unknown[] }).params;
    expect(params[0]).toEqual([['id', '>', 10]]);
    expect(params[5]).toMatchObject({ active_test: false });
  });
});

describe('ERP_KIND=tryton configuration', () => {
  const env = {
    ERP_KIND: 'tryton',
    ERP_BASE_URL: 'http://127.0.0.1:8000',
    TRYTON_DATABASE: 'tryton',
    TRYTON_PASSWORD: 'secret',
  };

  it('reads Tryton settings and builds the Tryton adapter', () => {
    const options = backofficeOptionsFromEnv(env);

    expect(options).toMatchObject({
      erpKind: 'tryton',
      tryton: { database: 'tryton', user: 'admin', password: 'secret' },
      erpAuth: { kind: 'none' },
    });
    expect(createBackofficeAdapters(options).erp).toBeInstanceOf(TrytonErpAdapter);
  });

  it('refuses to start with one line naming every missing setting', () => {
    const read = () =>
      backofficeOptionsFromEnv({
        ERP_KIND: 'tryton',
        TRYTON_DATABASE: 'bad name',
        ERP_AUTH: 'tba',
      });

    expect(read).toThrow(RangeError);
    expect(read).toThrow(
      /ERP_BASE_URL is required.*ERP_AUTH applies.*TRYTON_DATABASE.*TRYTON_PASSWORD/,
    );
    expect(read).not.toThrow(/\n/);
  });
});
