import { admin, call, credentialsFor } from '../support/http';
import { RunningSimulator, startSimulator } from '../support/start-simulator';

/** The clock stands still: buckets neither leak nor refill, windows never close. */
const FROZEN = Date.parse('2026-06-01T12:00:00Z');

describe('channel-simulator: authentication and the vendors documented rate limits', () => {
  let sim: RunningSimulator;
  let creds: Awaited<ReturnType<typeof credentialsFor>>;
  const all = <T>(n: number, f: () => Promise<T>) => Promise.all(Array.from({ length: n }, f));
  const statuses = (answers: { status: number }[]) =>
    answers.reduce<Record<number, number>>(
      (acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }),
      {},
    );

  beforeAll(async () => {
    sim = await startSimulator({}, () => FROZEN);
  });
  afterAll(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    await admin.reset(sim);
    creds = await credentialsFor(sim);
  });

  it('refuses a missing credential the way each vendor does', async () => {
    const hash = sim.config.credentials.bigcommerce.storeHash;
    const site = sim.config.credentials['salesforce-commerce'].siteId;
    const [shopify, amazon, bc, adobe, sfcc, square] = await Promise.all([
      call(sim, 'GET', '/admin/api/2024-04/orders.json'),
      call(sim, 'GET', '/orders/v0/orders?MarketplaceIds=X&CreatedAfter=2026-01-01T00:00:00Z', {
        headers: { 'x-amz-access-token': 'Atza|forged' },
      }),
      call(sim, 'GET', `/stores/${hash}/v2/orders`, { headers: { 'x-auth-token': 'wrong' } }),
      call(sim, 'GET', '/rest/V1/orders'),
      call(sim, 'POST', `/s/${site}/dw/shop/v23_2/order_search`, { body: {} }),
      call(sim, 'POST', '/v2/orders/search', { body: {} }),
    ]);

    expect(shopify).toMatchObject({
      status: 401,
      body: { errors: expect.stringContaining('Invalid API key or access token') },
    });
    expect(amazon).toMatchObject({ status: 403, body: { errors: [{ code: 'Unauthorized' }] } });
    expect(bc).toMatchObject({ status: 401, body: [{ status: 401 }] });
    expect(adobe).toMatchObject({ status: 401, body: { message: expect.any(String) } });
    expect(sfcc).toMatchObject({
      status: 401,
      body: { fault: { type: 'InvalidAccessTokenException' } },
    });
    expect(square).toMatchObject({
      status: 401,
      body: { errors: [{ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED' }] },
    });
    expect((await admin.stats(sim)).shopify.operations['orders.list'].unauthorized).toBe(1);
  });

  it('Shopify: leaky bucket of 40, then 429 with Retry-After and the call-limit header', async () => {
    const answers = await all(45, () =>
      call(sim, 'GET', '/admin/api/2024-04/orders.json?status=any', { headers: creds.shopify }),
    );

    expect(statuses(answers)).toEqual({ 200: 40, 429: 5 });
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('0.5');
    expect(refused.headers.get('x-shopify-shop-api-call-limit')).toBe('40/40');
    expect(refused.body.errors).toMatch(/Exceeded 2 calls per second/);
    const { shopify } = await admin.stats(sim);
    expect(shopify.operations['orders.list'].rateLimited).toBe(5);
    expect(shopify.limits['rest-admin']).toMatchObject({
      peakUsed: 40,
      peakDemand: 45,
      refused: 5,
    });
  });

  it('Shopify GraphQL: calculated cost from a bucket of 1000 points, THROTTLED (200) with the throttle status', async () => {
    const graphql = (skus: string[]) =>
      call(sim, 'POST', '/admin/api/2024-04/graphql.json', {
        headers: creds.shopify,
        body: {
          query:
            'query ($q: String!, $n: Int!) { productVariants(first: $n, query: $q) { nodes { sku inventoryItem { id } } } }',
          variables: { q: skus.map((s) => `sku:${s}`).join(' OR '), n: skus.length },
        },
      });
    const skus = Array.from({ length: 249 }, (_, i) => `GQ-${i}`);

    // 2 + 2 x 249 = 500 points each: two fit in 1000, the third does not.
    const [first, second, third] = [await graphql(skus), await graphql(skus), await graphql(skus)];

    expect(first.body.extensions.cost).toEqual({
      requestedQueryCost: 500,
      actualQueryCost: 500,
      throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 500, restoreRate: 50 },
    });
    expect(second.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(0);
    expect(third).toMatchObject({
      status: 200,
      body: {
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
        extensions: { cost: { requestedQueryCost: 500, actualQueryCost: null } },
      },
    });
    expect(third.body.data).toBeUndefined();
    const { shopify } = await admin.stats(sim);
    expect(shopify.operations.graphql.rateLimited).toBe(1);
    expect(shopify.limits['graphql-admin']).toMatchObject({
      peakUsed: 1000,
      peakDemand: 1500,
      refused: 1,
    });
    // REST keeps its own bucket.
    expect(shopify.limits['rest-admin'].attempts ?? 0).toBe(0);
  });

  it('Amazon: getOrders burst 20 at 0.0167/s, QuotaExceeded with x-amzn-RateLimit-Limit', async () => {
    const market = sim.config.credentials.amazon.marketplaceId;
    const getOrders = () =>
      call(
        sim,
        'GET',
        `/orders/v0/orders?MarketplaceIds=${market}&LastUpdatedAfter=2026-01-01T00:00:00Z`,
        { headers: creds.amazon },
      );

    const answers = await all(22, getOrders);

    expect(statuses(answers)).toEqual({ 200: 20, 429: 2 });
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.headers.get('x-amzn-ratelimit-limit')).toBe('0.0167');
    expect(refused.body).toEqual({
      errors: [
        {
          code: 'QuotaExceeded',
          message: 'You exceeded your quota for the requested resource.',
          details: '',
        },
      ],
    });
    // getOrderItems has its own bucket (burst 30), untouched by getOrders.
    const seeded = await admin.seed(sim, { channel: 'amazon', count: 1 });
    const items = await call(sim, 'GET', `/orders/v0/orders/${seeded.body.ids[0]}/orderItems`, {
      headers: creds.amazon,
    });
    expect(items.status).toBe(200);
    expect(items.body.payload.OrderItems.length).toBeGreaterThan(0);
  });

  it('Amazon: a faster getOrders plan set through /admin/faults for quick test runs', async () => {
    await admin.faults(sim, {
      amazon: { limits: { getOrders: { kind: 'bucket', capacity: 100, ratePerSecond: 50 } } },
    });
    const market = sim.config.credentials.amazon.marketplaceId;

    const answers = await all(60, () =>
      call(
        sim,
        'GET',
        `/orders/v0/orders?MarketplaceIds=${market}&CreatedAfter=2026-01-01T00:00:00Z`,
        { headers: creds.amazon },
      ),
    );

    expect(statuses(answers)).toEqual({ 200: 60 });
    expect(answers[0].headers.get('x-amzn-ratelimit-limit')).toBe('50');
  });

  it('BigCommerce: 150 requests per 30 s window, rate-limit headers on every answer', async () => {
    const hash = sim.config.credentials.bigcommerce.storeHash;
    const list = () =>
      call(sim, 'GET', `/stores/${hash}/v2/orders`, { headers: creds.bigcommerce });

    const first = await list();
    const rest = await all(150, list);

    expect(first.status).toBe(204);
    expect(first.headers.get('x-rate-limit-requests-quota')).toBe('150');
    expect(first.headers.get('x-rate-limit-time-window-ms')).toBe('30000');
    expect(first.headers.get('x-rate-limit-requests-left')).toBe('149');
    expect(statuses(rest)).toEqual({ 204: 149, 429: 1 });
    const refused = rest.find((a) => a.status === 429)!;
    expect(refused.headers.get('x-rate-limit-requests-left')).toBe('0');
    expect(Number(refused.headers.get('x-rate-limit-time-reset-ms'))).toBe(30_000);
  });

  it.each([
    [
      'adobe-commerce',
      'rest',
      'GET',
      '/rest/V1/orders',
      'adobe',
      (b: any) => expect(b).toEqual({ message: 'Too many requests' }),
    ],
    [
      'square',
      'api',
      'POST',
      '/v2/orders/search',
      'square',
      (b: any) =>
        expect(b.errors[0]).toMatchObject({ category: 'RATE_LIMIT_ERROR', code: 'RATE_LIMITED' }),
    ],
    [
      'salesforce-commerce',
      'ocapi',
      'POST',
      '/s/RefArch/dw/shop/v23_2/order_search',
      'sfcc',
      (b: any) => expect(b.fault.type).toBe('QuotaExceededException'),
    ],
  ] as const)(
    '%s publishes no limit: none by default, an override answers 429 in its format',
    async (channel, limiter, method, path, credKey, checkBody) => {
      const send = () =>
        call(sim, method, path, {
          headers: creds[credKey],
          body: method === 'POST' ? { location_ids: ['LSIMULATOR01'] } : undefined,
        });

      expect(statuses(await all(50, send))).toEqual({ 200: 50 });
      await admin.faults(sim, {
        [channel]: { limits: { [limiter]: { kind: 'bucket', capacity: 3, ratePerSecond: 1 } } },
      });
      const answers = await all(4, send);

      expect(statuses(answers)).toEqual({ 200: 3, 429: 1 });
      const refused = answers.find((a) => a.status === 429)!;
      expect(refused.headers.get('retry-after')).toBe('1');
      checkBody(refused.body);
    },
  );
});
