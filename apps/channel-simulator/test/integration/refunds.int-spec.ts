import { admin, call } from '../support/http';

type Json = Record<string, any>;
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

describe('channel-simulator: Square refunds', () => {
  const ctx = simulatorPerSuite();

  /** A seeded order paid by card: one tender of its total with a payment id. */
  async function paidOrder() {
    const [id] = (await admin.seed(ctx.sim, { channel: 'square', count: 1, skus: ['SKU-A'] })).body
      .ids as string[];
    const native = (await call(ctx.sim, 'GET', `/admin/orders/square/${id}`)).body;
    const tender = {
      id: `TENDER-${id}`,
      type: 'CARD',
      payment_id: `PAY-${id}`,
      amount_money: native.total_money,
      card_details: { status: 'CAPTURED' },
    };
    await call(ctx.sim, 'POST', `/admin/orders/square/${id}/update`, {
      body: { changes: { tenders: [tender] } },
    });
    return { id, paymentId: tender.payment_id, total: native.total_money as Json };
  }

  it('refunds a payment once per idempotency key, at most what was paid, and lists the refunds', async () => {
    const { id, paymentId, total } = await paidOrder();
    const headers = ctx.creds.square;
    const refund = (body: Json) => call(ctx.sim, 'POST', '/v2/refunds', { headers, body });
    const request = {
      idempotency_key: 'refund-r-1',
      payment_id: paymentId,
      amount_money: { amount: 100, currency: total.currency },
      reason: 'return r-1',
    };
    const codeOf = async (body: Json) => {
      const res = await refund(body);
      return [res.status, res.body.errors?.[0]?.code];
    };

    expect(await codeOf({ ...request, idempotency_key: undefined })).toEqual([
      400,
      'MISSING_REQUIRED_PARAMETER',
    ]);
    expect(await codeOf({ ...request, amount_money: undefined })).toEqual([
      400,
      'MISSING_REQUIRED_PARAMETER',
    ]);
    expect(await codeOf({ ...request, amount_money: { amount: 1.5, currency: 'USD' } })).toEqual([
      400,
      'INVALID_VALUE',
    ]);
    expect(await codeOf({ ...request, payment_id: 'NO-SUCH-PAYMENT' })).toEqual([404, 'NOT_FOUND']);
    expect(await codeOf({ ...request, amount_money: { amount: 100, currency: 'JPY' } })).toEqual([
      400,
      'CURRENCY_MISMATCH',
    ]);
    expect(
      await codeOf({
        ...request,
        amount_money: { amount: total.amount + 1, currency: total.currency },
      }),
    ).toEqual([400, 'REFUND_AMOUNT_INVALID']);
    // Nothing refused was kept.
    expect((await call(ctx.sim, 'GET', '/v2/refunds', { headers })).body).toEqual({});

    const first = await refund(request);
    expect(first.status).toBe(200);
    expect(first.body.refund).toMatchObject({
      status: 'PENDING',
      payment_id: paymentId,
      order_id: id,
      amount_money: request.amount_money,
      reason: 'return r-1',
    });
    const replay = await refund(request);
    expect(replay.status).toBe(200);
    expect(replay.body.refund.id).toBe(first.body.refund.id);
    expect(
      await codeOf({ ...request, amount_money: { amount: 101, currency: total.currency } }),
    ).toEqual([400, 'IDEMPOTENCY_KEY_REUSED']);
    const second = await refund({
      ...request,
      idempotency_key: 'refund-r-2',
      amount_money: { amount: total.amount - 100, currency: total.currency },
      reason: 'return r-2',
    });
    expect(second.status).toBe(200);
    expect(
      await codeOf({
        ...request,
        idempotency_key: 'refund-r-3',
        amount_money: { amount: 1, currency: total.currency },
      }),
    ).toEqual([400, 'REFUND_AMOUNT_INVALID']);

    const got = await call(ctx.sim, 'GET', `/v2/refunds/${first.body.refund.id}`, { headers });
    expect(got.body.refund).toMatchObject({ id: first.body.refund.id, status: 'COMPLETED' });
    expect((await call(ctx.sim, 'GET', '/v2/refunds/NOPE', { headers })).status).toBe(404);

    const page1 = (await call(ctx.sim, 'GET', '/v2/refunds?limit=1&sort_order=ASC', { headers }))
      .body;
    expect(page1.refunds.map((r: Json) => r.reason)).toEqual(['return r-1']);
    const page2 = (
      await call(ctx.sim, 'GET', `/v2/refunds?limit=1&sort_order=ASC&cursor=${page1.cursor}`, {
        headers,
      })
    ).body;
    expect(page2.refunds.map((r: Json) => r.reason)).toEqual(['return r-2']);
    expect(page2.cursor).toBeUndefined();
    expect((await call(ctx.sim, 'GET', '/v2/refunds?cursor=%%%', { headers })).status).toBe(400);

    const order = (await call(ctx.sim, 'GET', `/admin/orders/square/${id}`)).body;
    expect(order.refunds.map((r: Json) => [r.reason, r.amount_money.amount])).toEqual([
      ['return r-1', 100],
      ['return r-2', total.amount - 100],
    ]);
    const calls = (await call(ctx.sim, 'GET', '/admin/calls?channel=square&kind=refund')).body;
    expect(calls).toHaveLength(2);
    expect(calls.every((c: Json) => c.operation === 'RefundPayment' && c.orderId === id)).toBe(
      true,
    );
    expect((await admin.stats(ctx.sim)).square.operations.RefundPayment.requests).toBe(11);
  });
});

describe('channel-simulator: Adobe Commerce credit memos', () => {
  const ctx = simulatorPerSuite();

  it('refunds invoiced units once, answers the credit memo id, lists memos and closes the order', async () => {
    const [id] = (
      await admin.seed(ctx.sim, { channel: 'adobe-commerce', count: 1, skus: ['SKU-A'] })
    ).body.ids as string[];
    const headers = ctx.creds.adobe;
    const refund = (body: Json) =>
      call(ctx.sim, 'POST', `/rest/V1/order/${id}/refund`, { headers, body });
    let native = (await call(ctx.sim, 'GET', `/admin/orders/adobe-commerce/${id}`)).body;
    const [item] = native.items as Json[];
    const one = {
      items: [{ order_item_id: item.item_id, qty: 1 }],
      notify: true,
      appendComment: true,
      comment: { comment: 'return r-1', is_visible_on_front: 0 },
      arguments: { shipping_amount: 0, adjustment_positive: 0, adjustment_negative: 0 },
    };

    // Nothing invoiced yet: Magento cannot create a credit memo.
    const early = await refund(one);
    expect(early.status).toBe(400);
    expect(early.body.message).toContain("We can't create creditmemo for the order.");

    // The merchant invoices (captures) the whole order.
    native = (
      await call(ctx.sim, 'POST', `/admin/orders/adobe-commerce/${id}/update`, {
        body: {
          changes: {
            state: 'processing',
            status: 'processing',
            total_paid: native.grand_total,
            total_invoiced: native.grand_total,
            items: (native.items as Json[]).map((i) => ({ ...i, qty_invoiced: i.qty_ordered })),
          },
        },
      })
    ).body;

    const bad = async (body: Json) => {
      const res = await refund(body);
      return [res.status, res.body.message];
    };
    expect(await bad({ ...one, items: [{ order_item_id: 999999, qty: 1 }] })).toEqual([
      400,
      expect.stringContaining('not part of the original order'),
    ]);
    expect(
      await bad({ ...one, items: [{ order_item_id: item.item_id, qty: item.qty_ordered + 1 }] }),
    ).toEqual([400, expect.stringContaining('must not be greater than the unrefunded quantity')]);
    expect(
      await bad({ ...one, arguments: { shipping_amount: Number(native.shipping_amount) + 1 } }),
    ).toEqual([400, expect.stringContaining('Maximum shipping amount allowed to refund')]);
    expect(
      (await call(ctx.sim, 'POST', '/rest/V1/order/999999/refund', { headers, body: one })).status,
    ).toBe(404);

    const created = await refund(one);
    expect(created.status).toBe(200);
    expect(typeof created.body).toBe('number');

    const q = new URLSearchParams({
      'searchCriteria[filter_groups][0][filters][0][field]': 'order_id',
      'searchCriteria[filter_groups][0][filters][0][value]': id,
      'searchCriteria[filter_groups][0][filters][0][condition_type]': 'eq',
    });
    const listed = (await call(ctx.sim, 'GET', `/rest/V1/creditmemos?${q}`, { headers })).body;
    expect(listed.total_count).toBe(1);
    const [memo] = listed.items;
    const unitTax =
      Math.round((Math.round(Number(item.tax_amount) * 100) * 1) / Number(item.qty_ordered)) / 100;
    expect(memo).toMatchObject({
      entity_id: created.body,
      order_id: Number(id),
      shipping_amount: 0,
      grand_total: Number((Number(item.price) + unitTax).toFixed(2)),
      items: [expect.objectContaining({ order_item_id: item.item_id, qty: 1 })],
      comments: [expect.objectContaining({ comment: 'return r-1' })],
    });
    expect(listed.search_criteria.filter_groups).toHaveLength(1);
    const none = new URLSearchParams(q);
    none.set('searchCriteria[filter_groups][0][filters][0][value]', '999999');
    expect(
      (await call(ctx.sim, 'GET', `/rest/V1/creditmemos?${none}`, { headers })).body,
    ).toMatchObject({
      items: [],
      total_count: 0,
    });
    const badCondition = new URLSearchParams(q);
    badCondition.set('searchCriteria[filter_groups][0][filters][0][condition_type]', 'nope');
    expect(
      (await call(ctx.sim, 'GET', `/rest/V1/creditmemos?${badCondition}`, { headers })).status,
    ).toBe(400);

    native = (await call(ctx.sim, 'GET', `/admin/orders/adobe-commerce/${id}`)).body;
    expect(native.items[0].qty_refunded).toBe(1);
    expect(native.total_refunded).toBe(memo.grand_total);
    expect(native.state).toBe('processing');

    // The rest (no items: every refundable unit, and the shipping left) closes the order.
    const rest = await refund({ notify: false });
    expect(rest.status).toBe(200);
    native = (await call(ctx.sim, 'GET', `/admin/orders/adobe-commerce/${id}`)).body;
    expect(native).toMatchObject({ state: 'closed', total_refunded: native.grand_total });
    expect((await refund(one)).status).toBe(400);

    const all = (await call(ctx.sim, 'GET', '/rest/V1/creditmemos', { headers })).body;
    expect(all.total_count).toBe(2);
    const calls = (await call(ctx.sim, 'GET', '/admin/calls?channel=adobe-commerce&kind=refund'))
      .body;
    expect(calls).toHaveLength(2);
  });
});
