import { squareVariationsMapped } from '../src/channel-orders';
import { createProducts } from '../src/master-data';
import { eventually, SHOPIFY_SECRET, simulatorLimitsLine, Stack, startStack } from '../src/stack';

jest.setTimeout(300_000);

const SKUS = ['SKU-000001', 'SKU-000002', 'SKU-000003', 'SKU-000004', 'SKU-000005'];
/** The channel simulator's default credentials for signed and authenticated webhooks. */
const SQUARE_SIGNATURE_KEY = 'simulator-square-signature-key';
const BIGCOMMERCE_WEBHOOK_TOKEN = 'simulator-bc-webhook-token';

type Json = Record<string, any>;

/**
 * Inbound channel sync on the process stack with both simulators: orders created in the channel
 * simulator reach order-ingestion by themselves (Amazon pulled, Square and BigCommerce fetched on
 * a thin webhook), a reconciliation closes what dropped Shopify webhooks left open, and every
 * pull stays inside the vendor's rate limit, 429s retried only after their Retry-After.
 */
describe('channel-sync inbound end to end', () => {
  let stack: Stack;
  const started = Date.now();
  const sim = (method: string, path: string, body?: unknown) =>
    stack.call('channel-simulator', method, path, body);
  const sync = (method: string, path: string, body?: unknown) =>
    stack.call('channel-sync', method, path, body);
  const seed = async (channel: string, count: number): Promise<string[]> => {
    const res = await sim('POST', '/admin/orders', { channel, count, skus: SKUS });
    expect(res.status).toBe(201);
    return res.body.ids;
  };
  /** Every order order-ingestion holds for a channel (all pages). */
  const ordersOf = async (channel: string): Promise<Json[]> => {
    const all: Json[] = [];
    let cursor: string | undefined;
    do {
      const q = new URLSearchParams({ channel, limit: '200', ...(cursor ? { cursor } : {}) });
      const res = await stack.call('order-ingestion', 'GET', `/v1/orders?${q}`);
      expect(res.status).toBe(200);
      all.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return all;
  };
  const byChannelId = async (channel: string, channelOrderId: string) =>
    (await ordersOf(channel)).filter((o) => o.channelOrderId === channelOrderId);
  const view = async (orderId: string) =>
    (await stack.call('order-ingestion', 'GET', `/v1/orders/${orderId}`)).body;
  const stats = async () => (await sim('GET', '/admin/stats')).body;
  const confirmed = async (orderId: string) => {
    let last: Json | undefined;
    try {
      return await eventually(async () => {
        last = await view(orderId);
        return last?.status === 'erp_confirmed' ? last : undefined;
      }, 120_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}; order is now ${JSON.stringify(last)}`);
    }
  };

  beforeAll(async () => {
    stack = await startStack({
      env: {
        'channel-sync': (s) => ({
          CHANNEL_SYNC_SKEW_SECONDS: '5',
          CHANNEL_SYNC_SETTLE_SECONDS: '1',
          CHANNEL_SYNC_PAGE_SIZE: '50',
          CHANNEL_SYNC_RECONCILE_INTERVAL_MINUTES: '0',
          // Pulled channels every few seconds; the webhook channels only once, at start, so
          // that what reaches order-ingestion later came by their webhooks (or reconcile).
          AMAZON_PULL_INTERVAL_SECONDS: '10',
          AMAZON_USE_RESTRICTED_DATA_TOKEN: 'true',
          ADOBE_COMMERCE_PULL_INTERVAL_SECONDS: '2',
          SALESFORCE_COMMERCE_PULL_INTERVAL_SECONDS: '10',
          SHOPIFY_PULL_INTERVAL_SECONDS: '3600',
          SQUARE_PULL_INTERVAL_SECONDS: '3600',
          BIGCOMMERCE_PULL_INTERVAL_SECONDS: '3600',
          BIGCOMMERCE_WEBHOOK_TOKEN,
          SQUARE_WEBHOOK_SIGNATURE_KEY: SQUARE_SIGNATURE_KEY,
          SQUARE_WEBHOOK_NOTIFICATION_URL: `${s.url('channel-sync')}/v1/channels/square/webhooks`,
        }),
      },
    });
    await createProducts(stack, SKUS);
    // Square lines name catalog variations, not SKUs: map them in master-data, before any
    // webhook is registered.
    await squareVariationsMapped(stack, SKUS);
    const hooks = [
      {
        channel: 'shopify',
        url: `${stack.url('order-ingestion')}/v1/channels/shopify/orders`,
        secret: SHOPIFY_SECRET,
      },
      {
        channel: 'square',
        url: `${stack.url('channel-sync')}/v1/channels/square/webhooks`,
        secret: SQUARE_SIGNATURE_KEY,
      },
      {
        channel: 'bigcommerce',
        url: `${stack.url('channel-sync')}/v1/channels/bigcommerce/webhooks`,
        headers: { 'x-retail-webhook-token': BIGCOMMERCE_WEBHOOK_TOKEN },
      },
    ];
    for (const hook of hooks) expect((await sim('POST', '/admin/webhooks', hook)).status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    if (stack) {
      const seconds = Math.round((Date.now() - started) / 1000);
      process.stdout.write(await simulatorLimitsLine(stack, `channel-sync e2e, ${seconds} s`));
    }
    await stack?.stop();
  }, 60_000);

  it('an Amazon order created in the channel reaches erp_confirmed with no call from outside', async () => {
    // 40 orders: more getOrderItems calls than Amazon's burst, so the pull must pace itself.
    const ids = await seed('amazon', 40);
    const [first] = ids;

    const order = await eventually(async () => (await byChannelId('amazon', first))[0], 120_000);
    const erp = await confirmed(order.orderId);

    expect(erp.erp.salesOrderId).toEqual(expect.any(String));
    expect(erp.lines.length).toBeGreaterThan(0);
    const all = await eventually(async () => {
      const listed = await ordersOf('amazon');
      return listed.length >= ids.length ? listed : undefined;
    }, 180_000);
    expect(all.map((o) => o.channelOrderId).sort()).toEqual([...ids].sort());
  });

  it('a Square order.created webhook carrying only the id gives one complete order', async () => {
    const before = (await stats()).square.operations.RetrieveOrder?.requests ?? 0;
    const [id] = await seed('square', 1);

    const [order] = await eventually(async () => {
      const found = await byChannelId('square', id);
      return found.length > 0 ? found : undefined;
    });
    const native = (await sim('GET', `/admin/orders/square/${id}`)).body;
    // The order is listed as soon as it is accepted; its lines name canonical SKUs once the
    // pipeline has passed the SKU step, so wait for the state it settles in (held until paid).
    const canonical = await eventually(async () => {
      const current = await view(order.orderId);
      return current?.status === 'on_hold' ? current : undefined;
    });

    expect(await byChannelId('square', id)).toHaveLength(1);
    // The webhook carried only the id: lines, customer and amount came from RetrieveOrder. The
    // simulated order is OPEN without a tender, so it is held until paid, as Square shows it.
    expect(canonical.lines).toHaveLength(native.line_items.length);
    expect(canonical.lines.every((l: Json) => SKUS.includes(l.sku))).toBe(true);
    expect(canonical.payment.amount).toBe(native.total_money.amount);
    expect(canonical.customer.email).toEqual(expect.any(String));
    expect(native.tenders ?? []).toHaveLength(0);
    expect({ status: canonical.status, reason: canonical.statusReason }).toEqual({
      status: 'on_hold',
      reason: 'payment pending',
    });
    expect((await stats()).square.operations.RetrieveOrder.requests).toBeGreaterThan(before);
  });

  it('a BigCommerce store/order/created webhook gives one complete order', async () => {
    const [id] = await seed('bigcommerce', 1);

    const [order] = await eventually(async () => {
      const found = await byChannelId('bigcommerce', id);
      return found.length > 0 ? found : undefined;
    });
    const native = (await sim('GET', `/admin/orders/bigcommerce/${id}`)).body;
    const canonical = await view(order.orderId);

    // The thin webhook names the order; its products were fetched and became the lines.
    expect(await byChannelId('bigcommerce', id)).toHaveLength(1);
    expect(canonical.lines.map((l: Json) => l.sku).sort()).toEqual(
      native.products.map((p: Json) => p.sku).sort(),
    );
    await confirmed(order.orderId);
  });

  it('a reconcile after dropped Shopify webhooks imports exactly the missing orders (dry run first)', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const delivered = await seed('shopify', 4);
    await eventually(async () => {
      const listed = await ordersOf('shopify');
      return delivered.every((id) => listed.some((o) => o.channelOrderId === id));
    });
    expect((await sim('POST', '/admin/faults', { shopify: { dropWebhooks: 1 } })).status).toBe(200);
    const dropped = await seed('shopify', 3);
    await new Promise((r) => setTimeout(r, 2000));
    const to = new Date(Date.now() + 1000).toISOString();
    expect((await ordersOf('shopify')).map((o) => o.channelOrderId).sort()).toEqual(
      [...delivered].sort(),
    );

    const dry = await sync('POST', '/v1/channels/shopify/reconcile', { from, to, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.missing.sort()).toEqual([...dropped].sort());
    expect(dry.body.imported).toBe(0);
    expect(await ordersOf('shopify')).toHaveLength(delivered.length);

    const real = await sync('POST', '/v1/channels/shopify/reconcile', { from, to, dryRun: false });
    expect(real.status).toBe(200);
    expect(real.body.missing.sort()).toEqual([...dropped].sort());
    expect(real.body.imported).toBe(dropped.length);
    const after = (await ordersOf('shopify')).map((o) => o.channelOrderId);
    expect(after.sort()).toEqual([...delivered, ...dropped].sort());
    expect(new Set(after).size).toBe(after.length);
    await sim('POST', '/admin/faults', { shopify: { dropWebhooks: 0 } });
  });

  it('retries an Adobe Commerce overrun only after its Retry-After, and imports everything', async () => {
    // A store whose limit is tighter than the account's budget: channel-sync overruns it, gets
    // 429 with Retry-After, and must wait that long before the next call.
    const tight = { rest: { kind: 'bucket', capacity: 1, ratePerSecond: 0.25 } };
    expect(
      (await sim('POST', '/admin/faults', { 'adobe-commerce': { limits: tight } })).status,
    ).toBe(200);
    const seeded = await seed('adobe-commerce', 12);
    // The simulator names Magento orders by entity_id; orders are keyed on increment_id.
    const ids: string[] = [];
    for (const id of seeded)
      ids.push((await sim('GET', `/admin/orders/adobe-commerce/${id}`)).body.increment_id);

    // Pulls every 2 s against one call per 4 s: the store refuses some and channel-sync waits.
    const all = await eventually(async () => {
      const listed = await ordersOf('adobe-commerce');
      const refused = (await stats())['adobe-commerce'].limits.rest.refused;
      const imported = ids.every((id) => listed.some((o) => o.channelOrderId === id));
      return imported && refused >= 3 ? listed : undefined;
    }, 120_000);
    const adobe = (await stats())['adobe-commerce'];

    expect(all.filter((o) => ids.includes(o.channelOrderId))).toHaveLength(ids.length);
    expect(adobe.limits.rest.refused).toBeGreaterThan(0);
    expect(adobe.limits.rest.earlyRetries).toBe(0);
  });

  it("keeps every pull inside each vendor's documented limit, never retrying early", async () => {
    const s = await stats();
    const documented: Array<[string, string]> = [
      ['shopify', 'rest-admin'],
      ['bigcommerce', 'store'],
      ...['getOrders', 'getOrder', 'getOrderItems', 'createRestrictedDataToken'].map(
        (l): [string, string] => ['amazon', l],
      ),
    ];
    for (const [channel, limiter] of documented) {
      const figures = s[channel].limits[limiter];
      const capacity =
        figures.limit.kind === 'bucket' ? figures.limit.capacity : figures.limit.quota;
      expect({ channel, limiter, over: (figures.peakDemand ?? 0) > capacity }).toEqual({
        channel,
        limiter,
        over: false,
      });
      expect(figures.refused ?? 0).toBe(0);
    }
    // The 40 Amazon orders needed more getOrderItems calls than the burst allows at once.
    expect(s.amazon.limits.getOrderItems.attempts).toBeGreaterThan(
      s.amazon.limits.getOrderItems.limit.capacity,
    );
    for (const channel of Object.keys(s)) {
      for (const figures of Object.values<Json>(s[channel].limits ?? {}))
        expect(figures.earlyRetries ?? 0).toBe(0);
    }
  });
});
