import { SUBJECTS } from '@retail/contracts';
import { OutboxService } from '@retail/platform-messaging';
import { DataSource } from 'typeorm';
import { type ChannelSyncService, FakeHttp, type Recorded, startOnFake } from './support';

const SKUS = Array.from({ length: 300 }, (_, i) => `GQL-${String(i).padStart(3, '0')}`);

/**
 * A fake Shopify GraphQL Admin API: variant lookups by SKU, `inventorySetQuantities` answering
 * THROTTLED (HTTP 200) the first time with the throttle status, then applying the quantities.
 */
class FakeShopifyGraphql {
  shown = new Map<string, number>();
  mutations: Array<Array<{ inventoryItemId: string; quantity: number }>> = [];
  throttledOnce = false;

  route = (req: Recorded) => {
    const cost = (requested: number, available: number) => ({
      cost: {
        requestedQueryCost: requested,
        throttleStatus: { maximumAvailable: 1000, currentlyAvailable: available, restoreRate: 50 },
      },
    });
    const variables = req.body?.variables ?? {};
    if (String(req.body?.query).includes('productVariants')) {
      const skus = [...String(variables.q).matchAll(/sku:"([^"]+)"/g)].map((m) => m[1]);
      const nodes = skus.map((sku) => ({
        sku,
        inventoryItem: { id: `gid://shopify/InventoryItem/${SKUS.indexOf(sku) + 1}` },
      }));
      return { body: { data: { productVariants: { nodes } }, extensions: cost(102, 900) } };
    }
    if (!String(req.body?.query).includes('inventorySetQuantities'))
      return { status: 404, body: { errors: 'Not Found' } };
    if (!this.throttledOnce) {
      this.throttledOnce = true;
      return {
        body: {
          errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
          extensions: cost(10, 0),
        },
      };
    }
    const quantities = variables.input.quantities;
    this.mutations.push(quantities);
    for (const q of quantities)
      this.shown.set(SKUS[Number(q.inventoryItemId.split('/').pop()) - 1], q.quantity);
    return {
      body: { data: { inventorySetQuantities: { userErrors: [] } }, extensions: cost(10, 980) },
    };
  };
}

describe('channel-sync: Shopify availability in bulk through GraphQL (real PostgreSQL and NATS)', () => {
  const shop = new FakeShopifyGraphql();
  const http = new FakeHttp(shop.route);
  let svc: ChannelSyncService;
  let db: DataSource;

  beforeAll(async () => {
    svc = await startOnFake(http, (url) => ({
      CHANNEL_ACCOUNTS: 'shopify',
      SHOPIFY_API_BASE_URL: url,
      SHOPIFY_ACCESS_TOKEN: 'token',
      SHOPIFY_LOCATION_ID: '65000000001',
    }));
    db = svc.app.get(DataSource);
  }, 120_000);

  afterAll(async () => {
    await svc?.close();
    await http.stop();
  });

  it('pushes 300 SKUs in mutations of many items (at most 250), after waiting out a THROTTLED answer', async () => {
    const outbox = svc.app.get(OutboxService);
    await db.transaction((m) =>
      outbox.enqueue(
        m,
        SKUS.map((sku, i) => ({
          type: SUBJECTS.AVAILABILITY_CHANGED as never,
          subject: sku,
          data: {
            sku,
            channel: 'shopify',
            available: i + 1,
            byLocation: [{ locationId: 'dc-1', available: i + 1 }],
            sequence: 1,
            changedAt: new Date().toISOString(),
          },
        })),
      ),
    );

    const deadline = Date.now() + 60_000;
    while (shop.shown.size < SKUS.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));

    expect(SKUS.map((sku) => shop.shown.get(sku))).toEqual(SKUS.map((_, i) => i + 1));
    // The drain pushes whatever is pending when it runs (events still arriving make the first
    // mutations smaller): far fewer calls than SKUs, none above Shopify's input limit.
    expect(shop.mutations.length).toBeLessThan(SKUS.length / 2);
    expect(Math.max(...shop.mutations.map((m) => m.length))).toBeLessThanOrEqual(250);
    const [bucket] = await db.query(
      `SELECT throttled_total, capacity, refill_per_second FROM rate_limit_buckets
        WHERE account = 'shopify' AND bucket = 'graphql'`,
    );
    expect(bucket).toMatchObject({ throttled_total: '1', capacity: 999, refill_per_second: 50 });
    const sent = http.requests.filter((r) => r.url.endsWith('/graphql.json'));
    expect(sent.every((r) => r.headers['x-shopify-access-token'] === 'token')).toBe(true);
  });
});
