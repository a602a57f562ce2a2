import { CHANNEL_ORDER_SERVICES, DRIVEN_CHANNEL_SYNC_ENV } from '../src/channel-orders';
import { eventually, simulatorLimitsLine, Stack, startStack } from '../src/stack';

jest.setTimeout(600_000);

type Json = Record<string, any>;

const SKU_COUNT = 50;
const MOVEMENTS = 10_000;
const PER_SKU = MOVEMENTS / SKU_COUNT;
const BATCH = 1000;
const SKUS = Array.from({ length: SKU_COUNT }, (_, i) => `AB-${String(i).padStart(3, '0')}`);
const DC = 'dc-burst-1';

/**
 * 10,000 stock movements on 50 SKUs (issue 15, availability at scale) on the process stack with
 * the channel simulator: every channel ends on our figure for every SKU, each SKU reaches each
 * channel in a handful of pushes (bulk calls where the vendor has them: Shopify GraphQL 250 per
 * call, SFCC OCAPI batches of 50, BigCommerce / Adobe / Square 100), and every vendor limit held:
 * no limiter's demand above its capacity, no request before the wait a 429 (or THROTTLED)
 * announced.
 */
describe('channel-sync availability: a burst of 10,000 movements on 50 SKUs', () => {
  let stack: Stack;
  const sim = (path: string) => stack.call('channel-simulator', 'GET', path);

  beforeAll(async () => {
    stack = await startStack({
      only: CHANNEL_ORDER_SERVICES,
      env: {
        inventory: {
          AVAILABILITY_CHANNELS:
            'shopify,amazon,adobe-commerce,bigcommerce,salesforce-commerce,square',
        },
        'channel-sync': DRIVEN_CHANNEL_SYNC_ENV,
      },
    });
  }, 180_000);

  afterAll(async () => {
    if (stack) process.stdout.write(await simulatorLimitsLine(stack, 'availability burst e2e'));
    await stack?.stop();
  }, 60_000);

  it('ends every channel on our figure in a handful of pushes per SKU, inside every limit', async () => {
    const channels: string[] = (await stack.call('channel-sync', 'GET', '/v1/channels')).body.items
      .map((i: Json) => i.channel)
      .sort();
    expect(channels).toHaveLength(6);
    const inventory = (await sim('/admin/inventory')).body as Json[];
    const seqBefore = Math.max(
      0,
      ...((await sim('/admin/calls?limit=1')).body as Json[]).map((c) => c.seq),
    );

    // SKU i first receives 100 + i units, then receipts of 3 and sales of 2 alternate, SKUs
    // interleaved so that every batch moves every SKU.
    const expected = new Map(SKUS.map((sku) => [sku, 0]));
    const movements = Array.from({ length: MOVEMENTS }, (_, n) => {
      const s = n % SKU_COUNT;
      const round = Math.floor(n / SKU_COUNT);
      const [type, quantity] =
        round === 0 ? ['receipt', 100 + s] : round % 2 ? ['sale', 2] : ['receipt', 3];
      const sku = SKUS[s];
      expected.set(sku, expected.get(sku)! + (type === 'sale' ? -quantity : quantity));
      return {
        eventId: `ab-${n}`,
        source: 'wms',
        sourceSequence: n + 1,
        occurredAt: new Date().toISOString(),
        type,
        sku,
        locationId: DC,
        quantity,
      };
    });
    const started = Date.now();
    await Promise.all(
      [0, 1].map(async (lane) => {
        for (let i = lane * BATCH; i < MOVEMENTS; i += 2 * BATCH) {
          const res = await stack.call(
            'inventory',
            'POST',
            '/v1/inventory/movements',
            movements.slice(i, i + BATCH),
          );
          expect(res.status).toBe(200);
        }
      }),
    );
    const recordedMs = Date.now() - started;

    // Ours: what inventory says each channel may sell (no allocation rule: the network total).
    for (const sku of SKUS) {
      const ours = await stack.call('inventory', 'GET', `/v1/availability/${sku}?channel=shopify`);
      expect({ sku, available: ours.body.available }).toEqual({
        sku,
        available: expected.get(sku),
      });
    }
    const shown = async () => {
      const now = new Map<string, number>();
      for (const e of (await sim('/admin/inventory')).body as Json[])
        now.set(`${e.channel}|${e.sku}`, e.quantity);
      return now;
    };
    await eventually(
      async () => {
        const now = await shown();
        return channels.every((c) =>
          SKUS.every((sku) => now.get(`${c}|${sku}`) === expected.get(sku)),
        );
      },
      240_000,
      1000,
    );
    const settledMs = Date.now() - started;
    expect(inventory.filter((e) => SKUS.includes(e.sku))).toEqual([]);

    const calls = ((await sim('/admin/calls?kind=inventory&limit=10000')).body as Json[]).filter(
      (c) => c.seq > seqBefore,
    );
    const pushes = new Map<string, number>();
    for (const call of calls)
      for (const effect of call.inventory ?? [])
        if (SKUS.includes(effect.sku))
          pushes.set(
            `${call.channel}|${effect.sku}`,
            (pushes.get(`${call.channel}|${effect.sku}`) ?? 0) + 1,
          );
    const most = Object.fromEntries(
      channels.map((c) => [c, Math.max(...SKUS.map((sku) => pushes.get(`${c}|${sku}`) ?? 0))]),
    );
    const callsPer = Object.fromEntries(
      channels.map((c) => [c, calls.filter((call) => call.channel === c).length]),
    );
    process.stdout.write(
      `[availability burst e2e] ${MOVEMENTS} movements on ${SKU_COUNT} SKUs recorded in ${recordedMs} ms, every channel on our figure after ${settledMs} ms; calls per channel ${JSON.stringify(callsPer)}; most pushes of one SKU per channel ${JSON.stringify(most)}\n`,
    );
    for (const channel of channels)
      expect({ channel, handful: most[channel] <= PER_SKU / 10 }).toEqual({
        channel,
        handful: true,
      });

    const stats = (await sim('/admin/stats')).body as Json;
    for (const channel of channels)
      for (const [limiter, figures] of Object.entries<Json>(stats[channel].limits ?? {})) {
        if (!figures.limit) continue; // the vendor publishes no limit (Adobe, Salesforce, Square)
        const capacity =
          figures.limit.kind === 'bucket' ? figures.limit.capacity : figures.limit.quota;
        expect({
          channel,
          limiter,
          within: (figures.peakDemand ?? 0) <= capacity,
          early: figures.earlyRetries ?? 0,
        }).toEqual({
          channel,
          limiter,
          within: true,
          early: 0,
        });
      }
    // Nothing left pending or refused at any channel.
    for (const item of (await stack.call('channel-sync', 'GET', '/v1/channels')).body
      .items as Json[])
      expect({ channel: item.channel, availability: item.outbound.availability }).toMatchObject({
        channel: item.channel,
        availability: { depth: 0, deadLettered: 0 },
      });
  });
});
