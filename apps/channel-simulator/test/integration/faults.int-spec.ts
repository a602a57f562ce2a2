import { CHANNELS, ChannelName } from '../../src/channels/channel';
import { admin, call, credentialsFor } from '../support/http';
import { PULLERS } from '../support/pull';
import { RunningSimulator, startSimulator } from '../support/start-simulator';

const SINCE = '2026-01-01T00:00:00Z';

/** The pull operation each probe calls (its stats key). */
const PROBE_OPERATION: Record<ChannelName, string> = {
  shopify: 'orders.list',
  amazon: 'getOrders',
  bigcommerce: 'v2.orders.list',
  'adobe-commerce': 'salesOrderRepositoryV1GetListGet',
  'salesforce-commerce': 'shop.order_search',
  square: 'SearchOrders',
};

/** One cheap pull request per channel, with its credentials. */
function probe(
  sim: RunningSimulator,
  creds: Awaited<ReturnType<typeof credentialsFor>>,
  channel: ChannelName,
) {
  const c = sim.config.credentials;
  switch (channel) {
    case 'shopify':
      return call(sim, 'GET', '/admin/api/2024-04/orders.json?status=any', {
        headers: creds.shopify,
      });
    case 'amazon':
      return call(
        sim,
        'GET',
        `/orders/v0/orders?MarketplaceIds=${c.amazon.marketplaceId}&CreatedAfter=${SINCE}`,
        { headers: creds.amazon },
      );
    case 'bigcommerce':
      return call(sim, 'GET', `/stores/${c.bigcommerce.storeHash}/v2/orders`, {
        headers: creds.bigcommerce,
      });
    case 'adobe-commerce':
      return call(sim, 'GET', '/rest/V1/orders', { headers: creds.adobe });
    case 'salesforce-commerce':
      return call(sim, 'POST', `/s/${c['salesforce-commerce'].siteId}/dw/shop/v23_2/order_search`, {
        headers: creds.sfcc,
        body: {},
      });
    case 'square':
      return call(sim, 'POST', '/v2/orders/search', {
        headers: creds.square,
        body: { location_ids: [c.square.locationId] },
      });
  }
}

/** The vendor's error body, as each documents it. */
const ERROR_SHAPE: Record<ChannelName, (body: any) => void> = {
  shopify: (b) => expect(typeof b.errors).toBe('string'),
  amazon: (b) =>
    expect(b.errors[0]).toEqual({
      code: expect.any(String),
      message: expect.any(String),
      details: '',
    }),
  bigcommerce: (b) =>
    expect(b[0]).toEqual({ status: expect.any(Number), message: expect.any(String) }),
  'adobe-commerce': (b) => expect(b).toEqual({ message: expect.any(String) }),
  'salesforce-commerce': (b) =>
    expect(b.fault).toMatchObject({ type: expect.any(String), message: expect.any(String) }),
  square: (b) =>
    expect(b.errors[0]).toMatchObject({ category: expect.any(String), code: expect.any(String) }),
};

describe('channel-simulator: injected faults per channel', () => {
  let sim: RunningSimulator;
  let creds: Awaited<ReturnType<typeof credentialsFor>>;

  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    await admin.reset(sim);
    creds = await credentialsFor(sim);
    // Generous limits: these tests are about faults, not limits.
    await admin.faults(sim, {
      amazon: { limits: { getOrders: { kind: 'bucket', capacity: 1000, ratePerSecond: 1000 } } },
    });
  });

  it.each(CHANNELS)(
    '%s: down answers 503 in the vendor format, throttle 429, errorRate 500',
    async (channel) => {
      await admin.faults(sim, { [channel]: { mode: 'down' } });
      const down = await probe(sim, creds, channel);
      await admin.faults(sim, { [channel]: { mode: 'throttle' } });
      const throttled = await probe(sim, creds, channel);
      await admin.faults(sim, { [channel]: { mode: 'up', errorRate: 1 } });
      const failed = await probe(sim, creds, channel);
      await admin.faults(sim, { [channel]: { errorRate: 0 } });
      const fine = await probe(sim, creds, channel);

      expect([down.status, throttled.status, failed.status]).toEqual([503, 429, 500]);
      expect(down.headers.get('retry-after')).toBe('5');
      [down, throttled, failed].forEach((answer) => ERROR_SHAPE[channel](answer.body));
      expect(fine.status).toBeLessThan(300);
      const counters = (await admin.stats(sim))[channel].operations[PROBE_OPERATION[channel]];
      expect(counters).toMatchObject({ down: 1, throttled: 1, injectedErrors: 1 });
    },
  );

  it('slow: the answer waits at least latencyMs', async () => {
    await admin.faults(sim, { square: { mode: 'slow', latencyMs: 300 } });
    const started = Date.now();

    const res = await probe(sim, creds, 'square');

    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it.each(CHANNELS)(
    '%s: duplicatePages repeats the last order of a page first on the next',
    async (channel) => {
      const seeded = await admin.seed(sim, { channel, count: 25 });
      await admin.faults(sim, { [channel]: { duplicatePages: true } });

      const { pages } = await PULLERS[channel](sim, creds, SINCE, 10);

      expect(pages.length).toBeGreaterThan(2);
      for (let i = 1; i < pages.length; i++)
        expect(pages[i][0]).toBe(pages[i - 1][pages[i - 1].length - 1]);
      expect(new Set(pages.flat())).toEqual(new Set(seeded.body.ids));
    },
  );

  it.each(CHANNELS)(
    '%s: outOfOrder returns each page in reverse of the order asked',
    async (channel) => {
      const seeded: string[] = (await admin.seed(sim, { channel, count: 12 })).body.ids;
      await admin.faults(sim, { [channel]: { outOfOrder: true } });

      const { pages } = await PULLERS[channel](sim, creds, SINCE, 5);

      // Seeded together, the orders share one timestamp: ascending order is seeding order.
      expect(pages[0]).toEqual(seeded.slice(0, 5).reverse());
      expect(pages.flat().sort()).toEqual([...seeded].sort());
    },
  );

  it('Square: a cursor continues only with the original query sent again', async () => {
    await admin.seed(sim, { channel: 'square', count: 3 });
    const body = { location_ids: [sim.config.credentials.square.locationId], limit: 2 };
    const first = await call(sim, 'POST', '/v2/orders/search', { headers: creds.square, body });

    const alone = await call(sim, 'POST', '/v2/orders/search', {
      headers: creds.square,
      body: { cursor: first.body.cursor },
    });
    const next = await call(sim, 'POST', '/v2/orders/search', {
      headers: creds.square,
      body: { ...body, cursor: first.body.cursor },
    });

    expect(alone).toMatchObject({ status: 400, body: { errors: [{ field: 'location_ids' }] } });
    expect(next.body.orders).toHaveLength(1);
    expect(next.body.cursor).toBeUndefined();
  });

  it('unknown fault fields, channels and limiters are refused with every problem listed', async () => {
    const res = await admin.faults(sim, {
      ebay: {},
      shopify: { mode: 'sideways', limits: { getOrders: null } },
    });

    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(3);
  });

  it('reset restores the documented limits and forgets orders', async () => {
    await admin.seed(sim, { channel: 'shopify', count: 3 });
    await admin.faults(sim, { shopify: { mode: 'down', limits: { 'rest-admin': null } } });

    await admin.reset(sim);

    const faults = (await call(sim, 'GET', '/admin/faults')).body;
    expect(faults.shopify).toMatchObject({
      mode: 'up',
      limits: { 'rest-admin': { kind: 'bucket', capacity: 40, ratePerSecond: 2 } },
    });
    expect((await admin.stats(sim)).shopify.orders).toBe(0);
  });
});
