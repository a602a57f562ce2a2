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
