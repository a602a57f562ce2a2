import { admin, call } from '../support/http';
import { simulatorPerSuite } from '../support/start-simulator';

describe('channel-simulator: Shopify refunds', () => {
  const ctx = simulatorPerSuite();

  it('refunds against the order capture, at most what was paid, and keeps the refund on the order', async () => {
    const [id] = (await admin.seed(ctx.sim, { channel: 'shopify', count: 1, skus: ['SKU-A'] })).body
      .ids as string[];
    const base = `/admin/api/2024-04/orders/${id}`;
    const headers = ctx.creds.shopify;
    const [capture] = (await call(ctx.sim, 'GET', `${base}/transactions.json`, { headers })).body
      .transactions;
    expect(capture).toMatchObject({ kind: 'sale', status: 'success', gateway: 'bogus' });
    const refund = (amount: string, parent = capture.id) =>
      call(ctx.sim, 'POST', `${base}/refunds.json`, {
        headers,
        body: {
          refund: {
            note: 'return r-1',
            transactions: [{ parent_id: parent, amount, kind: 'refund', gateway: 'bogus' }],
          },
        },
      });

    expect((await refund('0.01', 1)).status).toBe(422);
    expect((await refund('999999.00')).status).toBe(422);
    const first = await refund('1.00');
    expect(first.status).toBe(201);
    expect(first.body.refund).toMatchObject({ note: 'return r-1' });

    const order = (await call(ctx.sim, 'GET', `/admin/orders/shopify/${id}`)).body;
    expect(order.financial_status).toBe('partially_refunded');
    expect(order.refunds).toHaveLength(1);
    const calls = (await call(ctx.sim, 'GET', '/admin/calls?channel=shopify&kind=refund')).body;
    expect(calls).toEqual([expect.objectContaining({ operation: 'refunds.create', orderId: id })]);
  });
});

describe('channel-simulator: BigCommerce refunds', () => {
  const ctx = simulatorPerSuite();

  it('quotes and refunds ORDER amounts up to the total, keeping the reason; the order follows', async () => {
    const [id] = (await admin.seed(ctx.sim, { channel: 'bigcommerce', count: 1, skus: ['SKU-A'] }))
      .body.ids as string[];
    const hash = ctx.sim.config.credentials.bigcommerce.storeHash;
    const base = `/stores/${hash}/v3/orders/${id}/payment_actions`;
    const headers = ctx.creds.bigcommerce;
    const items = (amount: number) => [
      { item_type: 'ORDER', item_id: Number(id), amount, reason: 'return r-1' },
    ];
    const quote = await call(ctx.sim, 'POST', `${base}/refund_quotes`, {
      headers,
      body: { items: items(1) },
    });
    expect(quote.status).toBe(201);
    const [[method]] = quote.body.data.refund_methods;
    expect(
      (
        await call(ctx.sim, 'POST', `${base}/refund_quotes`, {
          headers,
          body: { items: items(1e7) },
        })
      ).status,
    ).toBe(409);
    const refund = await call(ctx.sim, 'POST', `${base}/refunds`, {
      headers,
      body: {
        items: items(1),
        payments: [{ provider_id: method.provider_id, amount: 1, offline: false }],
      },
    });
    expect(refund.status).toBe(201);
    const listed = (await call(ctx.sim, 'GET', `${base}/refunds`, { headers })).body.data;
    expect(listed).toEqual([expect.objectContaining({ total_amount: 1, items: items(1) })]);
    const order = (await call(ctx.sim, 'GET', `/admin/orders/bigcommerce/${id}`)).body.order;
    expect(order).toMatchObject({ status_id: 14, refunded_amount: '1.0000' });
  });
});
