import { randomUUID } from 'crypto';
import { eventually, Stack, startStack } from '../src/stack';

/**
 * Returns across the real stack: order-ingestion, inventory, master-data, the back-office
 * simulator and returns, each its own process. An online (shopify) order shipped from the DC is
 * returned in a store.
 */
const DC = 'RT-DC-1';
const STORE = 'RT-STORE-1';

const product = (over: Record<string, unknown> = {}) => ({
  name: 'Product',
  erpItemId: 'ITEM',
  status: 'active',
  serialTracked: false,
  lotTracked: false,
  returnable: true,
  returnWindowDays: 30,
  restockingFeePercent: 10,
  version: 1,
  ...over,
});

const location = (type: string, returns: boolean) => ({
  name: type,
  type,
  capabilities: { ship: type === 'dc', pickup: type === 'store', shipFromStore: false, returns },
  version: 1,
});

interface LineSpec {
  lineId: string;
  sku: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  tax: number;
  ship?: number;
  serials?: string[];
}

async function seed(stack: Stack) {
  const put = (path: string, body: unknown) => stack.call('master-data', 'PUT', path, body);
  expect((await put(`/v1/locations/${DC}`, location('dc', true))).status).toBeLessThan(300);
  expect((await put(`/v1/locations/${STORE}`, location('store', true))).status).toBeLessThan(300);
  const products: Array<[string, Record<string, unknown>]> = [
    ['RT-SHIRT', { erpItemId: 'ITEM-SHIRT', restockingFeePercent: 10 }],
    ['RT-MUG', { erpItemId: 'ITEM-MUG', restockingFeePercent: 0 }],
    ['RT-PHONE', { erpItemId: 'ITEM-PHONE', serialTracked: true, restockingFeePercent: 0 }],
    ['RT-FINAL', { erpItemId: 'ITEM-FINAL', returnable: false }],
  ];
  for (const [sku, over] of products)
    expect((await put(`/v1/products/${sku}`, product(over))).status).toBeLessThan(300);
  const receipts = products.map(([sku]) => ({
    eventId: `seed-${sku}`,
    source: 'e2e-wms',
    sourceSequence: 1,
    occurredAt: new Date().toISOString(),
    type: 'receipt',
    sku,
    locationId: DC,
    quantity: 100,
  }));
  await eventually(async () => {
    const res = await stack.call('inventory', 'POST', '/v1/inventory/movements', receipts);
    return res.status === 200;
  });
}

/** Places an order, waits until it is reserved, ships `ship` units of each line from the DC. */
async function shippedOrder(
  stack: Stack,
  lines: LineSpec[],
  shipping = 0,
  paymentReference = `pay-${randomUUID()}`,
): Promise<string> {
  const total = lines.reduce((s, l) => s + l.unitPrice * l.quantity - l.discount + l.tax, 0);
  const order = {
    channel: 'shopify',
    channelOrderId: `RT-${randomUUID()}`,
    orderedAt: new Date().toISOString(),
    currency: 'EUR',
    customer: { channelCustomerId: `cust-${randomUUID().slice(0, 8)}` },
    shippingAddress: {
      name: 'A',
      line1: 'Street 1',
      city: 'Köln',
      postalCode: '50667',
      countryCode: 'DE',
    },
    lines: lines.map(({ ship: _s, serials: _x, ...l }) => ({
      ...l,
      fulfillment: { type: 'ship', locationId: DC },
    })),
    ...(shipping ? { shipping: { method: 'standard', amount: shipping } } : {}),
    payment: {
      status: 'captured',
      method: 'card',
      reference: paymentReference,
      amount: total + shipping,
    },
  };
  const created = await stack.call('order-ingestion', 'POST', '/v1/orders', order);
  expect(created.status).toBe(202);
  const orderId: string = created.body.orderId;
  await eventually(async () => {
    const res = await stack.call('order-ingestion', 'GET', `/v1/orders/${orderId}`);
    return ['reserved', 'awaiting_erp', 'erp_confirmed'].includes(res.body?.status);
  }, 45_000);
  const shippedLines = lines
    .filter((l) => (l.ship ?? l.quantity) > 0)
    .map((l) => ({
      lineId: l.lineId,
      quantity: l.ship ?? l.quantity,
      ...(l.serials ? { serialNumbers: l.serials } : {}),
    }));
  for (const type of ['shipped', 'delivered']) {
    const res = await stack.call('order-ingestion', 'POST', '/v1/fulfillment-events', {
      eventId: `${orderId}-${type}`,
      orderId,
      type,
      lines: shippedLines,
      locationId: DC,
      occurredAt: new Date().toISOString(),
    });
    expect(res.status).toBeLessThan(300);
  }
  return orderId;
}

interface ReturnLine {
  lineId: string;
  quantity: number;
  reasonCode?: string;
  serialNumbers?: string[];
}

function requestReturn(
  stack: Stack,
  orderId: string,
  lines: ReturnLine[],
  extra: Record<string, unknown> = {},
  key = randomUUID(),
  apiKey?: string,
) {
  return stack.call(
    'returns',
    'POST',
    '/v1/returns',
    {
      orderId,
      channel: 'pos',
      locationId: STORE,
      lines: lines.map((l) => ({ reasonCode: 'changed_mind', ...l })),
      resolution: 'refund',
      ...extra,
    },
    { 'idempotency-key': key, ...(apiKey ? { 'x-api-key': apiKey } : {}) },
  );
}

/** Retries while the returns read model has not caught up with master data yet. */
async function authorize(
  stack: Stack,
  orderId: string,
  lines: ReturnLine[],
  extra: Record<string, unknown> = {},
  apiKey?: string,
) {
  const key = randomUUID();
  return eventually(async () => {
    const res = await requestReturn(stack, orderId, lines, extra, key, apiKey);
    if (res.status === 422 && JSON.stringify(res.body).includes('unknown to master data'))
      return undefined;
    return res;
  });
}

const getReturn = (stack: Stack, id: string) => stack.call('returns', 'GET', `/v1/returns/${id}`);

const waitStatus = (stack: Stack, id: string, status: string, timeoutMs = 45_000) =>
  eventually(async () => {
    const res = await getReturn(stack, id);
    return res.body?.status === status ? res.body : undefined;
  }, timeoutMs);

async function positionAt(stack: Stack, sku: string, locationId: string) {
  const res = await stack.call('inventory', 'GET', `/v1/positions/${sku}`);
  const found = (res.body?.positions ?? []).find(
    (p: { locationId: string }) => p.locationId === locationId,
  );
  return found ?? { onHand: 0, available: 0, damaged: 0, reserved: 0 };
}

async function availableAt(stack: Stack, sku: string, locationId: string): Promise<number> {
  const res = await stack.call(
    'inventory',
    'GET',
    `/v1/availability/${sku}?locationId=${locationId}`,
  );
  return Number(res.body?.available ?? 0);
}

const simStats = async (stack: Stack) =>
  (await stack.call('backoffice-simulator', 'GET', '/admin/stats')).body;

jest.setTimeout(120_000);

describe('returns across the stack', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { returns: { RETURNS_APPROVAL_THRESHOLD: '100000' } } });
    await seed(stack);
  }, 180_000);
  afterAll(() => stack?.stop(), 60_000);

  it('takes an online order back in a store: damaged goes to quarantine and is never available, resellable only after inspection', async () => {
    const orderId = await shippedOrder(stack, [
      { lineId: 'L1', sku: 'RT-SHIRT', quantity: 2, unitPrice: 1999, discount: 0, tax: 760 },
      { lineId: 'L2', sku: 'RT-MUG', quantity: 1, unitPrice: 1250, discount: 0, tax: 238 },
    ]);
    const lines = [
      { lineId: 'L1', quantity: 1 },
      { lineId: 'L2', quantity: 1, reasonCode: 'damaged' },
    ];
    // The store opens the return of another channel's order, at its own store only; the
    // warehouse never opens one.
    for (const apiKey of ['other-store-key', 'wms-key']) {
      const refused = await requestReturn(stack, orderId, lines, {}, randomUUID(), apiKey);
      expect(refused.status).toBe(403);
    }
    const created = await authorize(stack, orderId, lines, {}, 'rt-store-key');
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('authorized');
    const id: string = created.body.returnId;
    const seenByStore = await stack.call('returns', 'GET', `/v1/returns/${id}`, undefined, {
      'x-api-key': 'rt-store-key',
    });
    expect(seenByStore.status).toBe(200);
    const otherStore = await stack.call('returns', 'GET', `/v1/returns/${id}`, undefined, {
      'x-api-key': 'other-store-key',
    });
    expect(otherStore.status).toBe(404);

    const mugSeen: number[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        mugSeen.push(await availableAt(stack, 'RT-MUG', STORE));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    // Least privilege: no channel key (not even the order's) ships, receives or inspects, and a
    // store key acts at its own store only; the store taking the return back does both.
    const inspection = {
      lines: [
        { lineId: 'L1', condition: 'new' },
        { lineId: 'L2', condition: 'damaged' },
      ],
    };
    const as = (key: string, step: string) => ({
      'x-api-key': key,
      'idempotency-key': `k-${key}-${step}-${id}`,
    });
    for (const key of ['shopify-key', 'pos-key', 'wms-key', 'other-store-key']) {
      const receive = await stack.call(
        'returns',
        'POST',
        `/v1/returns/${id}/receive`,
        {},
        as(key, 'receive'),
      );
      expect(receive.status).toBe(403);
      const inspect = await stack.call(
        'returns',
        'POST',
        `/v1/returns/${id}/inspection`,
        inspection,
        as(key, 'inspection'),
      );
      expect(inspect.status).toBe(403);
    }
    const channelShips = await stack.call(
      'order-ingestion',
      'POST',
      '/v1/fulfillment-events',
      {
        eventId: `ev-channel-${id}`,
        orderId,
        type: 'delivered',
        lines: [{ lineId: 'L1', quantity: 1 }],
        locationId: DC,
        occurredAt: new Date().toISOString(),
      },
      { 'x-api-key': 'shopify-key' },
    );
    expect(channelShips.status).toBe(403);

    const receivedByStore = await stack.call(
      'returns',
      'POST',
      `/v1/returns/${id}/receive`,
      {},
      as('rt-store-key', 'receive'),
    );
    expect(receivedByStore.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await availableAt(stack, 'RT-SHIRT', STORE)).toBe(0);

    const inspected = await stack.call(
      'returns',
      'POST',
      `/v1/returns/${id}/inspection`,
      inspection,
      as('rt-store-key', 'inspection'),
    );
    expect(inspected.status).toBe(200);
    expect(inspected.body.lines).toEqual([
      { lineId: 'L1', condition: 'new', disposition: 'resellable' },
      { lineId: 'L2', condition: 'damaged', disposition: 'quarantine' },
    ]);
    const closed = await waitStatus(stack, id, 'closed');
    watching = false;
    await watcher;

    expect(await positionAt(stack, 'RT-SHIRT', STORE)).toMatchObject({
      onHand: 1,
      available: 1,
      damaged: 0,
    });
    expect(await positionAt(stack, 'RT-MUG', STORE)).toMatchObject({
      onHand: 0,
      available: 0,
      damaged: 1,
    });
    expect(mugSeen.length).toBeGreaterThan(5);
    expect(Math.max(...mugSeen)).toBe(0);
    expect(closed.lines.map((l: { disposition: string }) => l.disposition)).toEqual([
      'resellable',
      'quarantine',
    ]);
    expect(closed.timeline.map((t: { status: string }) => t.status)).toEqual(
      expect.arrayContaining([
        'authorized',
        'received',
        'inspected',
        'dispositioned',
        'refunded',
        'closed',
      ]),
    );
  });

  it('refuses a second partial return beyond the shipped quantity, also under concurrency', async () => {
    const orderId = await shippedOrder(stack, [
      { lineId: 'L1', sku: 'RT-SHIRT', quantity: 4, unitPrice: 1000, discount: 0, tax: 0, ship: 3 },
    ]);
    expect((await authorize(stack, orderId, [{ lineId: 'L1', quantity: 2 }])).status).toBe(201);
    const beyond = await requestReturn(stack, orderId, [{ lineId: 'L1', quantity: 2 }]);
    expect(beyond.status).toBe(422);
    expect(beyond.headers.get('content-type')).toContain('application/problem+json');
    expect(beyond.body.errors).toEqual([
      {
        field: 'lines.0',
        message: 'quantity 2 exceeds returnable quantity 1 (shipped 3, already returned 2)',
      },
    ]);
    const race = await Promise.all(
      Array.from({ length: 5 }, () =>
        requestReturn(stack, orderId, [{ lineId: 'L1', quantity: 1 }]),
      ),
    );
    expect(race.map((r) => r.status).sort()).toEqual([201, 422, 422, 422, 422]);
  });

  it('refuses non-returnable products and serials that were not shipped', async () => {
    const orderId = await shippedOrder(stack, [
      { lineId: 'L1', sku: 'RT-FINAL', quantity: 1, unitPrice: 500, discount: 0, tax: 0 },
      {
        lineId: 'L2',
        sku: 'RT-PHONE',
        quantity: 1,
        unitPrice: 30000,
        discount: 0,
        tax: 0,
        serials: ['SN-1'],
      },
    ]);
    const res = await authorize(stack, orderId, [
      { lineId: 'L1', quantity: 1 },
      { lineId: 'L2', quantity: 1, serialNumbers: ['SN-9'] },
    ]);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { field: 'lines.0', message: 'RT-FINAL is not returnable' },
      { field: 'lines.1', message: 'serial SN-9 was not shipped on this order line' },
    ]);
  });

  it('refunds a discounted, taxed line minus the restocking fee exactly, and all partial returns add up to what was paid', async () => {
    const orderId = await shippedOrder(stack, [
      { lineId: 'L1', sku: 'RT-SHIRT', quantity: 3, unitPrice: 1999, discount: 600, tax: 1026 },
    ]);
    const totals: number[] = [];
    for (const [quantity, condition] of [
      [1, 'new'],
      [2, 'opened'],
    ] as const) {
      const created = await authorize(stack, orderId, [{ lineId: 'L1', quantity }]);
      expect(created.status).toBe(201);
      const id = created.body.returnId;
      await stack.call('returns', 'POST', `/v1/returns/${id}/receive`, {});
      await stack.call('returns', 'POST', `/v1/returns/${id}/inspection`, {
        lines: [{ lineId: 'L1', condition }],
      });
      const done = await waitStatus(stack, id, 'closed');
      totals.push(done.refund.total);
      if (quantity === 1)
        // 1999 - 200 discount = 1799; tax 342; fee 10 % of 1799 = 179.9 -> 180; 1799 + 342 - 180.
        expect(done.refund).toMatchObject({
          merchandiseTotal: 1799,
          taxTotal: 342,
          restockingFeeTotal: 180,
          total: 1961,
          lines: [
            {
              lineId: 'L1',
              quantity: 1,
              merchandise: 1799,
              discount: 200,
              tax: 342,
              restockingFee: 180,
              total: 1961,
            },
          ],
        });
      const payment = await stack.call(
        'backoffice-simulator',
        'GET',
        `/payments/v1/refunds/${done.refundReference}`,
      );
      expect(payment.body.amount).toBe(done.refund.total);
    }
    // Second return: 3998 - 400 = 3598; tax 684; fee 359.8 -> 360.
    expect(totals).toEqual([1961, 3922]);
    expect(totals[0] + totals[1] + 180 + 360).toBe(1999 * 3 - 600 + 1026);
  });

  it('creates exactly one replacement order for an exchange', async () => {
    const orderId = await shippedOrder(stack, [
      { lineId: 'L1', sku: 'RT-SHIRT', quantity: 1, unitPrice: 1999, discount: 0, tax: 380 },
    ]);
    const body = {
      resolution: 'exchange',
      exchangeLines: [{ lineId: 'L1', sku: 'RT-SHIRT', quantity: 1 }],
    };
    const created = await authorize(
      stack,
      orderId,
      [{ lineId: 'L1', quantity: 1, reasonCode: 'wrong_size' }],
      body,
    );
    expect(created.status).toBe(201);
    const id = created.body.returnId;
    await stack.call('returns', 'POST', `/v1/returns/${id}/receive`, {});
    await stack.call('returns', 'POST', `/v1/returns/${id}/inspection`, {
      lines: [{ lineId: 'L1', condition: 'new' }],
    });
    const closed = await waitStatus(stack, id, 'closed');
    expect(closed.replacementOrderId).toEqual(expect.any(String));
    const replacement = await stack.call(
      'order-ingestion',
      'GET',
      `/v1/orders/${closed.replacementOrderId}`,
    );
    expect(replacement.body.channelOrderId).toBe(`EXCH-${id}`);
    const list = await stack.call('order-ingestion', 'GET', '/v1/orders?channel=shopify&limit=200');
    const items = list.body.items ?? list.body.orders ?? list.body.data ?? [];
    expect(
      items.filter((o: { channelOrderId: string }) => o.channelOrderId === `EXCH-${id}`),
    ).toHaveLength(1);
    const stats = await simStats(stack);
    expect(stats.payments.refunds.duplicate).toBe(0);
  });

  it('holds a high-value return for approval and gives its units back when rejected', async () => {
    const orderId = await shippedOrder(stack, [
      { lineId: 'L1', sku: 'RT-MUG', quantity: 1, unitPrice: 150000, discount: 0, tax: 0 },
    ]);
    const held = await authorize(stack, orderId, [{ lineId: 'L1', quantity: 1 }]);
    expect(held.status).toBe(201);
    expect(held.body.status).toBe('pending_approval');
    const id = held.body.returnId;
    expect((await stack.call('returns', 'POST', `/v1/returns/${id}/receive`, {})).status).toBe(409);
    const rejected = await stack.call('returns', 'POST', `/v1/returns/${id}/reject`, {
      reason: 'not ours',
    });
    expect(rejected.body.status).toBe('rejected');
    const again = await requestReturn(stack, orderId, [{ lineId: 'L1', quantity: 1 }]);
    expect(again.status).toBe(201);
    const approved = await stack.call(
      'returns',
      'POST',
      `/v1/returns/${again.body.returnId}/approve`,
      {},
    );
    expect(approved.body.status).toBe('authorized');
  });

  it('replays a repeated POST with the same Idempotency-Key and creates nothing new', async () => {
    const orderId = await shippedOrder(stack, [
      { lineId: 'L1', sku: 'RT-MUG', quantity: 2, unitPrice: 1250, discount: 0, tax: 0 },
    ]);
    const first = await authorize(stack, orderId, [{ lineId: 'L1', quantity: 1 }]);
    const key = randomUUID();
    const a = await requestReturn(stack, orderId, [{ lineId: 'L1', quantity: 1 }], {}, key);
    const b = await requestReturn(stack, orderId, [{ lineId: 'L1', quantity: 1 }], {}, key);
    expect([first.status, a.status, b.status]).toEqual([201, 201, 201]);
    expect(b.body).toEqual(a.body);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    const none = await requestReturn(stack, orderId, [{ lineId: 'L1', quantity: 1 }]);
    expect(none.status).toBe(422);
  });

  it("reconciles refunds with the payment provider's: a return's refund agrees, a refund paid for no return is listed", async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const orderId = await shippedOrder(stack, [
      { lineId: 'L1', sku: 'RT-MUG', quantity: 1, unitPrice: 1250, discount: 0, tax: 238 },
    ]);
    const created = await authorize(stack, orderId, [{ lineId: 'L1', quantity: 1 }]);
    const id = created.body.returnId;
    await stack.call('returns', 'POST', `/v1/returns/${id}/receive`, {});
    await stack.call('returns', 'POST', `/v1/returns/${id}/inspection`, {
      lines: [{ lineId: 'L1', condition: 'new' }],
    });
    const done = await waitStatus(stack, id, 'closed');
    // Someone refunds at the provider outside any return of ours (or for one we never recorded).
    const stray = await stack.call(
      'backoffice-simulator',
      'POST',
      '/payments/v1/refunds',
      {
        paymentReference: `pay-${randomUUID()}`,
        amount: 777,
        currency: 'EUR',
        metadata: { returnId: 'ret-unknown' },
      },
      { 'idempotency-key': randomUUID() },
    );
    expect(stray.status).toBe(201);
    const reconcile = (query: Record<string, string>) =>
      stack.call('returns', 'GET', `/v1/reconciliation/refunds?${new URLSearchParams(query)}`);
    const to = new Date(Date.now() + 60_000).toISOString();

    const report = await reconcile({ from, to });
    expect(report.status).toBe(200);
    expect(report.body.recordedRefunds).toBeGreaterThanOrEqual(1);
    expect(report.body.providerRefunds).toBeGreaterThanOrEqual(2);
    const about = (refundId: string) =>
      report.body.items.filter((d: { refundId: string }) => d.refundId === refundId);
    expect(about(done.refundReference)).toEqual([]);
    expect(about(stray.body.id)).toEqual([
      expect.objectContaining({
        kind: 'unrecorded_refund',
        returnId: 'ret-unknown',
        theirs: expect.objectContaining({ amount: 777, currency: 'EUR', status: 'succeeded' }),
        action: expect.stringContaining('retry the return'),
      }),
    ]);
    expect(report.body.drifting).toBe(report.body.items.length);

    expect((await reconcile({ from: to, to: from })).status).toBe(422);
    expect((await reconcile({ from: 'yesterday', to })).status).toBe(422);
  });

  it('turns a refund the payment provider refuses into a refund exception counted by channel', async () => {
    const orderId = await shippedOrder(
      stack,
      [{ lineId: 'L1', sku: 'RT-MUG', quantity: 1, unitPrice: 1250, discount: 0, tax: 238 }],
      0,
      `FAIL-${randomUUID()}`,
    );
    const created = await authorize(stack, orderId, [{ lineId: 'L1', quantity: 1 }]);
    const id = created.body.returnId;
    await stack.call('returns', 'POST', `/v1/returns/${id}/receive`, {});
    await stack.call('returns', 'POST', `/v1/returns/${id}/inspection`, {
      lines: [{ lineId: 'L1', condition: 'new' }],
    });
    const failed = await waitStatus(stack, id, 'exception');
    expect(failed.statusReason).toBe(
      'refund: payment provider refused the refund: charge_not_refundable',
    );
    expect(failed.steps.find((s: { step: string }) => s.step === 'refund').state).toBe('failed');
    const metrics = await fetch(`${stack.url('returns')}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/retail_refund_exceptions_total\{channel="shopify"\} 1/);
    expect(metrics).toMatch(/retail_returns_by_state\{state="exception"\} 1/);
    expect(metrics).toMatch(/retail_returns_by_state\{state="closed"\} [1-9]/);
  });
});
