import {
  admin,
  type ChannelSyncService,
  FakeHttp,
  type Recorded,
  startChannelSync,
} from './support';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function amazonOrder(id: string, updatedMinutesAgo: number, status = 'Unshipped') {
  return {
    AmazonOrderId: id,
    PurchaseDate: minutesAgo(updatedMinutesAgo + 1),
    LastUpdateDate: minutesAgo(updatedMinutesAgo),
    OrderStatus: status,
    OrderTotal: { CurrencyCode: 'USD', Amount: '10.00' },
    MarketplaceId: 'ATVPDKIKX0DER',
  };
}

/** A fake SP-API: two pages (the second repeats an order of the first), items per order. */
class FakeAmazon {
  orders = [amazonOrder('111-1', 30), amazonOrder('111-2', 20), amazonOrder('111-3', 10)];
  throttleItemsOnce = false;

  route = (req: Recorded) => {
    if (req.url === '/auth/o2/token') return { body: { access_token: 'Atza|t', expires_in: 3600 } };
    const items = /^\/orders\/v0\/orders\/([^/]+)\/orderItems/.exec(req.url);
    if (items) {
      if (this.throttleItemsOnce) {
        this.throttleItemsOnce = false;
        return { status: 429, headers: { 'x-amzn-ratelimit-limit': '2' }, body: { errors: [] } };
      }
      const OrderItems = [
        { OrderItemId: `${items[1]}-i1`, SellerSKU: 'SKU-1', QuantityOrdered: 1 },
      ];
      return { body: { payload: { AmazonOrderId: items[1], OrderItems } } };
    }
    if (req.url.startsWith('/orders/v0/orders?')) {
      const page2 = req.url.includes('NextToken=t2');
      const Orders = page2 ? [this.orders[2], this.orders[0]] : this.orders.slice(0, 2);
      return { body: { payload: { Orders, ...(page2 ? {} : { NextToken: 't2' }) } } };
    }
    return { status: 404, body: {} };
  };
}

/** A fake order-ingestion: 202 for every native order, or 503 while `down`. */
class FakeOrders {
  down = false;
  route = (req: Recorded) => {
    if (this.down) return { status: 503, body: { status: 503 } };
    const native = /^\/v1\/channels\/amazon\/orders$/.exec(req.url);
    if (native) {
      return {
        status: 202,
        body: { orderId: `o-${req.body.AmazonOrderId}`, status: 'received', correlationId: 'c' },
      };
    }
    if (/\/cancel$/.test(req.url)) return { body: { status: 'cancelled' } };
    return { status: 404, body: {} };
  };
}

describe('channel-sync: Amazon pull (no order webhook at all)', () => {
  const amazon = new FakeAmazon();
  const orders = new FakeOrders();
  const amazonHttp = new FakeHttp(amazon.route);
  const ordersHttp = new FakeHttp(orders.route);
  let svc: ChannelSyncService;

  beforeAll(async () => {
    svc = await startChannelSync({
      CHANNEL_ACCOUNTS: 'amazon',
      AMAZON_API_BASE_URL: await amazonHttp.start(),
      AMAZON_LWA_CLIENT_ID: 'id',
      AMAZON_LWA_CLIENT_SECRET: 'secret',
      AMAZON_LWA_REFRESH_TOKEN: 'Atzr|r',
      AMAZON_MARKETPLACE_IDS: 'ATVPDKIKX0DER',
      ORDERS_BASE_URL: await ordersHttp.start(),
      SERVICE_API_KEY: 'svc-key',
    });
  });
  afterAll(async () => {
    await svc?.close();
    await amazonHttp.stop();
    await ordersHttp.stop();
  });

  const forwarded = () => ordersHttp.requests.filter((r) => r.url === '/v1/channels/amazon/orders');
  const pull = () => svc.http().post('/v1/channels/amazon/pull').set(admin);

  it('forwards each order once, with its OrderItems, and moves the cursor', async () => {
    const res = await pull().expect(200);
    expect(res.body).toMatchObject({ status: 'completed', pages: 2, listed: 4 });
    expect(res.body.forwarded).toMatchObject({ created: 3, skipped: 1 });
    expect(
      forwarded()
        .map((r) => r.body.AmazonOrderId)
        .sort(),
    ).toEqual(['111-1', '111-2', '111-3']);
    const first = forwarded()[0];
    expect(first.body.OrderItems).toHaveLength(1);
    expect(first.headers).toMatchObject({ 'x-api-key': 'svc-key', 'x-retail-source': 'pull' });
    expect(first.headers['x-correlation-id']).toMatch(/[0-9a-f-]{36}/);
    const token = amazonHttp.requests.find((r) => r.url.startsWith('/orders/v0/orders/'));
    expect(token?.headers['x-amz-access-token']).toBe('Atza|t');

    const channels = await svc.http().get('/v1/channels').set(admin).expect(200);
    const account = channels.body.items[0];
    expect(account).toMatchObject({ channel: 'amazon', inboundMode: 'pull', lastError: null });
    expect(Date.parse(account.cursor)).toBeGreaterThan(Date.now() - 60_000);
    expect(account.rateLimits.map((b: { bucket: string }) => b.bucket)).toEqual(
      expect.arrayContaining(['GET_ORDERS', 'GET_ORDER_ITEMS']),
    );
  });

  it('does not forward an unchanged order again', async () => {
    const before = forwarded().length;
    const res = await pull().expect(200);
    expect(res.body.forwarded).toMatchObject({ created: 0, skipped: 4 });
    expect(forwarded()).toHaveLength(before);
  });

  it('keeps the cursor when order-ingestion is down, and resumes the same window', async () => {
    const before = (await svc.http().get('/v1/channels').set(admin)).body.items[0].cursor;
    amazon.orders[1] = amazonOrder('111-2', 1);
    orders.down = true;
    const failed = await pull().expect(503);
    expect(failed.headers['content-type']).toContain('application/problem+json');
    const during = (await svc.http().get('/v1/channels').set(admin)).body.items[0];
    expect(during.cursor).toBe(before);
    expect(during.lastError.message).toMatch(/order-ingestion unavailable/);
    expect(during.windowInProgress).not.toBeNull();

    orders.down = false;
    const res = await pull().expect(200);
    expect(res.body.window.resumed).toBe(true);
    expect(res.body.forwarded.known + res.body.forwarded.created).toBe(1);
    const after = (await svc.http().get('/v1/channels').set(admin)).body.items[0];
    expect(Date.parse(after.cursor)).toBeGreaterThan(Date.parse(before));
    expect(after.lastError).toBeNull();
  });

  it('cancels the canonical order when the order is cancelled in Amazon', async () => {
    amazon.orders[0] = amazonOrder('111-1', 0.5, 'Canceled');
    await pull().expect(200);
    const cancel = ordersHttp.requests.find((r) => r.url === '/v1/orders/o-111-1/cancel');
    expect(cancel?.headers['idempotency-key']).toBe('channel-sync:amazon:111-1:cancel');
  });

  it('retries a 429 after the wait Amazon asks for', async () => {
    amazon.orders[2] = amazonOrder('111-3', 0.2);
    amazon.throttleItemsOnce = true;
    await pull().expect(200);
    const calls = amazonHttp.requests.filter((r) => r.url.startsWith('/orders/v0/orders/111-3/'));
    expect(calls.length).toBeGreaterThanOrEqual(2);
    const metrics = await svc.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(
      /retail_channel_api_calls_total\{channel="amazon",operation="getOrderItems",outcome="throttled"\} 1/,
    );
    expect(metrics.text).toMatch(/retail_channel_pull_lag_seconds\{channel="amazon"\}/);
  });
});
