import { eventually, SHOPIFY_SECRET, Stack, startStack } from '../src/stack';

jest.setTimeout(600_000);

const SQUARE_SIGNATURE_KEY = 'simulator-square-signature-key';
const BIGCOMMERCE_WEBHOOK_TOKEN = 'simulator-bc-webhook-token';

/**
 * 1,000 orders across the six channels. Amazon and BigCommerce need calls per order within
 * their documented limits (getOrderItems 0.5/s; 150 per 30 s), so they get fewer.
 */
const PLAN: Record<string, number> = {
  shopify: 200,
  amazon: 60,
  'adobe-commerce': 140,
  bigcommerce: 100,
  'salesforce-commerce': 250,
  square: 250,
};
const ROUNDS = 10;
const TOTAL = Object.values(PLAN).reduce((a, b) => a + b, 0);

type Json = Record<string, any>;

/**
 * Exactly once under crashes: while 1,000 orders are created in the channels, channel-sync is
 * SIGKILLed twice (mid-pull: windows open, pages half forwarded) and every channel serves
 * overlapping pages in reverse order. Every order arrives in order-ingestion, none twice.
 */
describe('channel-sync: 1,000 orders, two SIGKILLs, duplicated and out-of-order pages', () => {
  let stack: Stack;
  const sim = (method: string, path: string, body?: unknown) =>
    stack.call('channel-simulator', method, path, body);

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

  beforeAll(async () => {
    stack = await startStack({
      env: {
        'channel-sync': (s) => ({
          CHANNEL_SYNC_SKEW_SECONDS: '10',
          CHANNEL_SYNC_SETTLE_SECONDS: '1',
          CHANNEL_SYNC_PAGE_SIZE: '40',
          CHANNEL_SYNC_RECONCILE_INTERVAL_MINUTES: '0',
          SHOPIFY_PULL_INTERVAL_SECONDS: '3',
          AMAZON_PULL_INTERVAL_SECONDS: '5',
          ADOBE_COMMERCE_PULL_INTERVAL_SECONDS: '2',
          BIGCOMMERCE_PULL_INTERVAL_SECONDS: '3',
          SALESFORCE_COMMERCE_PULL_INTERVAL_SECONDS: '2',
          SQUARE_PULL_INTERVAL_SECONDS: '3',
          BIGCOMMERCE_WEBHOOK_TOKEN,
          SQUARE_WEBHOOK_SIGNATURE_KEY: SQUARE_SIGNATURE_KEY,
          SQUARE_WEBHOOK_NOTIFICATION_URL: `${s.url('channel-sync')}/v1/channels/square/webhooks`,
        }),
      },
    });
    const faults = Object.fromEntries(
      Object.keys(PLAN).map((c) => [c, { duplicatePages: true, outOfOrder: true }]),
    );
    expect((await sim('POST', '/admin/faults', faults)).status).toBe(200);
    // The pushing channels' webhooks as well: a delivery during a crash fails (the channel
    // gives up after its retries) and the pull closes the gap; one that lands is not doubled.
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

  afterAll(() => stack?.stop(), 60_000);

  it('imports exactly 1,000 canonical orders, none twice', async () => {
    const started = Date.now();
    const seeded: Record<string, string[]> = Object.fromEntries(
      Object.keys(PLAN).map((c) => [c, []]),
    );
    const kills: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [channel, count] of Object.entries(PLAN)) {
        const share = Math.floor(count / ROUNDS) + (round < count % ROUNDS ? 1 : 0);
        const res = await sim('POST', '/admin/orders', { channel, count: share });
        expect(res.status).toBe(201);
        seeded[channel].push(...res.body.ids);
      }
      if (round === 3 || round === 7) {
        // A real crash in the middle of pulls, then back on the same schema a moment later.
        await stack.kill('channel-sync');
        kills.push(Date.now() - started);
        await new Promise((r) => setTimeout(r, 1500));
        await stack.restart('channel-sync');
      } else {
        await new Promise((r) => setTimeout(r, 2500));
      }
    }
    expect(Object.values(seeded).flat()).toHaveLength(TOTAL);
    expect(TOTAL).toBe(1000);

    // The channel order ids order-ingestion keys on (Magento: increment_id, not entity_id).
    const expected: Record<string, string[]> = { ...seeded, 'adobe-commerce': [] };
    for (const id of seeded['adobe-commerce']) {
      const native = (await sim('GET', `/admin/orders/adobe-commerce/${id}`)).body;
      expected['adobe-commerce'].push(native.increment_id);
    }

    const counts = () =>
      Promise.all(Object.keys(PLAN).map(async (c) => [c, await ordersOf(c)] as const));
    let imported: Array<readonly [string, Json[]]> = [];
    try {
      await eventually(
        async () => {
          imported = await counts();
          return imported.reduce((n, [, list]) => n + list.length, 0) >= TOTAL;
        },
        420_000,
        2000,
      );
    } catch (err) {
      const missing = imported.map(([c, list]) => [c, expected[c].length - list.length]);
      throw new Error(`${(err as Error).message}; missing per channel ${JSON.stringify(missing)}`);
    }
    const settled = Date.now() - started;
    // Pulls go on (overlapping windows, re-listed pages): nothing more may appear.
    await new Promise((r) => setTimeout(r, 8000));
    imported = await counts();

    for (const [channel, list] of imported) {
      const ids = list.map((o) => o.channelOrderId);
      expect({ channel, ids: [...ids].sort() }).toEqual({
        channel,
        ids: [...expected[channel]].sort(),
      });
      expect(new Set(ids).size).toBe(ids.length);
    }
    const total = imported.reduce((n, [, list]) => n + list.length, 0);
    expect(total).toBe(1000);

    const stats = (await sim('GET', '/admin/stats')).body;
    const early = Object.values<Json>(stats).flatMap((s) =>
      Object.values<Json>(s.limits ?? {}).map((l) => l.earlyRetries ?? 0),
    );
    expect(early.every((n) => n === 0)).toBe(true);
    process.stdout.write(
      `[channel-sync crash] ${total} orders, SIGKILL at ${kills.join(' and ')} ms, ` +
        `all in after ${Math.round(settled / 1000)} s; ` +
        `webhooks ${JSON.stringify(
          Object.fromEntries(Object.entries<Json>(stats).map(([c, s]) => [c, s.webhooks])),
        )}\n`,
    );
  });
});
