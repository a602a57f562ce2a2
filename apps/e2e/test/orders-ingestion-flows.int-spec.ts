import { createHmac, randomUUID } from 'crypto';
import { eventually, SHOPIFY_SECRET, Stack, startStack } from '../src/stack';
import { createProducts } from '../src/master-data';

jest.setTimeout(240_000);

const ERP_MAX_CONCURRENCY = 3;
const SKUS = ['TSHIRT-BLK-M', 'MUG-WHT-350', 'SOCKS-1'];

/**
 * Order ingestion across real processes: the back-office simulator's NetSuite-shaped ERP,
 * master-data publishing products to order-ingestion's read model, inventory reservations.
 */
describe('order ingestion end to end', () => {
  let stack: Stack;
  const orders = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    stack.call('order-ingestion', method, path, body, headers);
  const sim = (method: string, path: string, body?: unknown) =>
    stack.call('backoffice-simulator', method, path, body);
  const erpStats = async () => (await sim('GET', '/admin/stats')).body.erp;
  const statusOf = async (orderId: string) => (await orders('GET', `/v1/orders/${orderId}`)).body;
  const waitFor = (orderId: string, status: string, timeoutMs = 60_000) =>
    eventually(async () => {
      const view = await statusOf(orderId);
      return view.status === status ? view : undefined;
    }, timeoutMs);

  beforeAll(async () => {
    stack = await startStack({
      env: {
        'order-ingestion': {
          ERP_MAX_CONCURRENCY: String(ERP_MAX_CONCURRENCY),
          ERP_MAX_RPS: '50',
          ERP_BREAKER_RESET_MS: '1000',
        },
        'backoffice-simulator': { ERP_SIM_MAX_CONCURRENCY: '10' },
      },
    });
    await createProducts(stack, SKUS);
    const mapping = await stack.call(
      'master-data',
      'PUT',
      '/v1/channel-mappings/shopify/44123456789003',
      {
        sku: 'SOCKS-1',
      },
    );
    expect(mapping.status).toBeLessThan(300);
  }, 180_000);
  afterAll(() => stack?.stop());

  const shopifyDelivery = (raw: string, headers: Record<string, string>) =>
    fetch(`${stack.url('order-ingestion')}/v1/channels/shopify/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': 'orders/create',
        ...headers,
      },
      body: raw,
    });
  const sign = (raw: string, secret = SHOPIFY_SECRET) =>
    createHmac('sha256', secret).update(raw).digest('base64');
  const shopifyOrder = (id: number) => JSON.stringify(shopifyOrderPayload(id));

  it('turns one Shopify webhook delivered 5 times into one order and one ERP sales order', async () => {
    await sim('POST', '/admin/reset');
    const raw = shopifyOrder(8100000001);
    const variants: Array<Record<string, string>> = [
      {},
      { 'Idempotency-Key': 'e2e-k1' },
      { 'Idempotency-Key': 'e2e-k1' },
      { 'x-shopify-event-id': randomUUID() },
      { 'x-shopify-event-id': randomUUID(), 'Idempotency-Key': 'e2e-k2' },
    ];
    const ids = new Set<string>();
    for (const extra of variants) {
      const res = await shopifyDelivery(raw, {
        'x-shopify-hmac-sha256': sign(raw),
        'x-shopify-event-id': 'evt-1',
        'x-shopify-webhook-id': 'hook-1',
        ...extra,
      });
      expect(res.status).toBe(202);
      ids.add(((await res.json()) as { orderId: string }).orderId);
    }
    expect(ids.size).toBe(1);
    const [orderId] = [...ids];
    const view = await waitFor(orderId, 'erp_confirmed');
    expect(view.erp.salesOrderId).toEqual(expect.any(String));
    // A pickup line and ship lines: two fulfilment instructions of one commercial order.
    expect(view.fulfillments.map((f: { type: string }) => f.type).sort()).toEqual([
      'pickup',
      'ship',
    ]);
    expect(view.fulfillments.every((f: { orderId: string }) => f.orderId === orderId)).toBe(true);
    expect(view.lines.map((l: { sku: string }) => l.sku)).toEqual(SKUS);
    // Reserved through inventory's HTTP API (no stock was received: backordered).
    const reservations = view.lines.map((l: { reservationStatus: string }) => l.reservationStatus);
    process.stdout.write(`[orders e2e] reservations: ${reservations.join(', ')}\n`);
    expect(
      reservations.every((r: string) => ['reserved', 'partial', 'backordered'].includes(r)),
    ).toBe(true);
    const stats = await erpStats();
    expect(stats.salesOrders.created).toBe(1);
    const listed = await orders('GET', '/v1/orders?channel=shopify&limit=200');
    expect(
      listed.body.items.filter(
        (o: { channelOrderId: string }) => o.channelOrderId === '8100000001',
      ),
    ).toHaveLength(1);
  });

  it('answers 401 to a bad HMAC and stores nothing', async () => {
    const before = (await orders('GET', '/v1/orders?channel=shopify&limit=200')).body.items.length;
    const raw = shopifyOrder(8100000002);
    const res = await shopifyDelivery(raw, {
      'x-shopify-hmac-sha256': sign(raw, 'not-the-secret'),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const after = (await orders('GET', '/v1/orders?channel=shopify&limit=200')).body.items.length;
    expect(after).toBe(before);
  });

  it('parks an unknown SKU in exception and completes once the product is published', async () => {
    const sku = `LATE-${Date.now()}`;
    const res = await orders('POST', '/v1/orders', canonicalOrder(`late-${Date.now()}`, sku));
    expect(res.status).toBe(202);
    const parked = await waitFor(res.body.orderId, 'exception');
    expect(parked.statusReason).toContain(sku);
    await createProducts(stack, [sku]);
    await waitFor(res.body.orderId, 'erp_confirmed');
  });

  it('lets 100 orders wait out an ERP outage, then confirms each exactly once within the limits', async () => {
    await sim('POST', '/admin/reset');
    await sim('POST', '/admin/faults', { erp: { mode: 'down' } });
    const run = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await orders(
        'POST',
        '/v1/orders',
        canonicalOrder(`outage-${run}-${i}`, 'TSHIRT-BLK-M'),
      );
      expect(res.status).toBe(202);
      ids.push(res.body.orderId);
    }
    await eventually(async () => (await countStatus('awaiting_erp')) === 100, 60_000);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await countStatus('erp_confirmed')).toBe(0);
    const recovered = Date.now();
    // Slow answers (200 ms) at 50 calls/s would need 10 calls in flight: the cap must hold it to 3.
    await sim('POST', '/admin/faults', { erp: { mode: 'up', latencyMs: 200 } });
    await eventually(async () => (await countStatus('erp_confirmed')) === 100, 120_000, 250);
    const drainMs = Date.now() - recovered;
    const stats = await erpStats();
    expect(stats.salesOrders.created).toBe(100);
    expect(stats.peakConcurrency).toBeLessThanOrEqual(ERP_MAX_CONCURRENCY);
    expect(stats.peakConcurrency).toBe(ERP_MAX_CONCURRENCY);
    const metrics = await (await fetch(`${stack.url('order-ingestion')}/metrics`)).text();
    expect(metrics).toMatch(/retail_orders_awaiting_erp 0/);
    process.stdout.write(
      `[orders e2e] 100 orders after ERP outage: drained in ${drainMs} ms, ERP sales orders ${stats.salesOrders.created} (repeated ${stats.salesOrders.repeated}), peak concurrency ${stats.peakConcurrency}/${ERP_MAX_CONCURRENCY}, ERP requests ${stats.requests.total} (503 while down: ${stats.requests.down})\n`,
    );

    async function countStatus(status: string): Promise<number> {
      const page = await orders('GET', `/v1/orders?channel=web&status=${status}&limit=200`);
      return page.body.items.filter((o: { channelOrderId: string }) =>
        o.channelOrderId.startsWith(`outage-${run}`),
      ).length;
    }
  });
});

function canonicalOrder(channelOrderId: string, sku: string) {
  return {
    channel: 'web',
    channelOrderId,
    orderedAt: '2026-11-20T10:00:00+01:00',
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

/**
 * A Shopify `orders/create` webhook body (REST Order JSON, the fields the mapper reads): a ship
 * line, a pickup line (tagged by a pickup app's line property) and a line without SKU (its
 * variant id is the channel SKU, mapped in master-data).
 */
function shopifyOrderPayload(id: number) {
  const money = (amount: string) => ({
    shop_money: { amount, currency_code: 'EUR' },
    presentment_money: { amount, currency_code: 'EUR' },
  });
  const line = (
    n: number,
    sku: string | null,
    quantity: number,
    price: string,
    pickup?: string,
  ) => ({
    id: id * 10 + n,
    admin_graphql_api_id: `gid://shopify/LineItem/${id * 10 + n}`,
    name: `Item ${n}`,
    price,
    price_set: money(price),
    quantity,
    sku,
    variant_id: 44123456789000 + n,
    requires_shipping: !pickup,
    properties: pickup ? [{ name: '_pickup_location_id', value: pickup }] : [],
    total_discount: '0.00',
    tax_lines: [{ price: '1.00', rate: 0.19, title: 'MwSt', price_set: money('1.00') }],
    discount_allocations: [],
  });
  const address = {
    first_name: 'Ada',
    last_name: 'Lovelace',
    address1: 'Main St 1',
    city: 'Berlin',
    zip: '10115',
    country_code: 'DE',
  };
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
    created_at: '2026-11-20T10:00:00+01:00',
    currency: 'EUR',
    email: 'ada@example.com',
    financial_status: 'paid',
    total_price: '50.97',
    total_tax: '3.00',
    total_discounts: '0.00',
    taxes_included: false,
    payment_gateway_names: ['shopify_payments'],
    customer: { id: 1001, email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace' },
    billing_address: address,
    shipping_address: address,
    line_items: [
      line(1, 'TSHIRT-BLK-M', 1, '19.99'),
      line(2, 'MUG-WHT-350', 1, '9.99', 'store-berlin-01'),
      line(3, null, 1, '15.99'),
    ],
    shipping_lines: [
      {
        title: 'Standard',
        price: '5.00',
        price_set: money('5.00'),
        tax_lines: [],
        discount_allocations: [],
      },
    ],
  };
}
