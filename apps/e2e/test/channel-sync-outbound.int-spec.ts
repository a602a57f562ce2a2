import {
  CHANNEL_ORDER_SERVICES,
  channelOrderImported,
  DRIVEN_CHANNEL_SYNC_ENV,
  recordFulfillment,
  shipmentQueueEmpty,
  wholeOrderShipped,
} from '../src/channel-orders';
import { createProducts } from '../src/master-data';
import { eventually, simulatorLimitsLine, Stack, startStack } from '../src/stack';

jest.setTimeout(600_000);

type Json = Record<string, any>;

/** Where each channel account shows availability (the simulator's defaults, no location map). */
const CHANNEL_LOCATION = {
  shopify: '65000000001',
  amazon: 'DEFAULT',
  'adobe-commerce': 'default',
  bigcommerce: '1',
  'salesforce-commerce': 'inventory_m',
  square: 'LSIMULATOR01',
} as const;
type Channel = keyof typeof CHANNEL_LOCATION;
const CHANNELS = Object.keys(CHANNEL_LOCATION) as Channel[];
const DC = 'dc-out-1';
const BURST_SKUS = Array.from({ length: 20 }, (_, i) => `OB-${String(i + 1).padStart(3, '0')}`);
const MOVEMENTS_PER_SKU = 100;

/**
 * Outbound channel sync on the process stack with the channel simulator: stock movements recorded
 * in inventory reach every channel's availability through channel-sync's queue (latest value wins,
 * bursts coalesced, inside each vendor's rate limit), and a shipment recorded by the WMS appears
 * in the channel once, with carrier and tracking.
 */
describe('channel-sync outbound end to end', () => {
  let stack: Stack;
  let seq = 0;
  const sim = (method: string, path: string, body?: unknown) =>
    stack.call('channel-simulator', method, path, body);
  const sync = (method: string, path: string, body?: unknown) =>
    stack.call('channel-sync', method, path, body);
  const movement = (sku: string, type: 'receipt' | 'sale', quantity: number) => ({
    eventId: `ob-e2e-${++seq}`,
    source: 'wms',
    sourceSequence: seq,
    occurredAt: new Date().toISOString(),
    type,
    sku,
    locationId: DC,
    quantity,
  });
  const record = async (batch: unknown[]) => {
    const res = await stack.call('inventory', 'POST', '/v1/inventory/movements', batch);
    expect(res.status).toBe(200);
  };
  /** What inventory says the channel may sell of `sku`. */
  const ours = async (sku: string, channel: string): Promise<number> =>
    (await stack.call('inventory', 'GET', `/v1/availability/${sku}?channel=${channel}`)).body
      .available;
  /** What each channel now shows, keyed `channel|sku|location`. */
  const shown = async (): Promise<Map<string, Json>> => {
    const res = await sim('GET', '/admin/inventory');
    return new Map(res.body.map((e: Json) => [`${e.channel}|${e.sku}|${e.location}`, e]));
  };
  const showsEverywhere = async (sku: string, quantity: number) => {
    const now = await shown();
    return CHANNELS.every(
      (c) => now.get(`${c}|${sku}|${CHANNEL_LOCATION[c]}`)?.quantity === quantity,
    );
  };
  const stats = async () => (await sim('GET', '/admin/stats')).body;

  beforeAll(async () => {
    stack = await startStack({
      only: CHANNEL_ORDER_SERVICES,
      env: {
        inventory: {
          AVAILABILITY_CHANNELS: CHANNELS.join(','),
          AVAILABILITY_FLUSH_MS: '200',
        },
        'channel-sync': DRIVEN_CHANNEL_SYNC_ENV,
      },
    });
  }, 180_000);

  afterAll(async () => {
    if (stack) {
      process.stdout.write(await simulatorLimitsLine(stack, 'channel-sync outbound e2e'));
    }
    await stack?.stop();
  }, 60_000);

  it("a stock change reaches every channel's availability, equal to ours", async () => {
    await record([movement('OB-SINGLE', 'receipt', 7)]);

    await eventually(() => showsEverywhere('OB-SINGLE', 7), 120_000, 500);
    for (const channel of CHANNELS) expect(await ours('OB-SINGLE', channel)).toBe(7);

    await record([movement('OB-SINGLE', 'sale', 3)]);
    await eventually(() => showsEverywhere('OB-SINGLE', 4), 120_000, 500);
    const listed = await sync('GET', '/v1/channels');
    expect(listed.status).toBe(200);
    for (const item of listed.body.items)
      expect(Object.keys(item.outbound).sort()).toEqual(
        ['acknowledgement', 'availability', 'cancellation', 'refund', 'shipment'].sort(),
      );
  });

  it('reconcile lists what a merchant changed in each channel and pushes our figure again', async () => {
    await record([movement('OB-DRIFT', 'receipt', 6)]);
    await eventually(() => showsEverywhere('OB-DRIFT', 6), 120_000, 500);
    // Every channel accepted the figure (not merely received it): only then is another figure drift.
    await eventually(async () => {
      const items = (await sync('GET', '/v1/channels')).body.items as Json[];
      const waiting = items.filter((i) => i.outbound.availability.depth !== 0);
      if (waiting.length > 0)
        throw new Error(JSON.stringify(waiting.map((i) => [i.channel, i.outbound.availability])));
      return true;
    }, 120_000);
    for (const channel of CHANNELS) {
      const edited = await sim('POST', '/admin/inventory', {
        channel,
        sku: 'OB-DRIFT',
        location: CHANNEL_LOCATION[channel],
        quantity: 2,
      });
      expect(edited.status).toBe(204);
    }
    const window = {
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date().toISOString(),
    };
    for (const channel of CHANNELS) {
      const dry = await sync('POST', `/v1/channels/${channel}/reconcile`, {
        ...window,
        dryRun: true,
      });
      expect({ channel, status: dry.status }).toEqual({ channel, status: 200 });
      expect({ channel, drift: dry.body.availability?.drift }).toEqual({
        channel,
        drift: expect.arrayContaining([
          { channelSku: 'OB-DRIFT', location: CHANNEL_LOCATION[channel], ours: 6, channel: 2 },
        ]),
      });
      expect(dry.body.availability.repushed).toBe(0);
    }
    // A dry run changed nothing in any channel.
    const stillEdited = await shown();
    for (const channel of CHANNELS)
      expect(stillEdited.get(`${channel}|OB-DRIFT|${CHANNEL_LOCATION[channel]}`)?.quantity).toBe(2);

    for (const channel of CHANNELS) {
      const real = await sync('POST', `/v1/channels/${channel}/reconcile`, window);
      expect({ channel, status: real.status }).toEqual({ channel, status: 200 });
      expect(real.body.availability.repushed).toBeGreaterThanOrEqual(1);
    }
    await eventually(
      async () => {
        const now = await shown();
        const off = CHANNELS.filter(
          (c) => now.get(`${c}|OB-DRIFT|${CHANNEL_LOCATION[c]}`)?.quantity !== 6,
        );
        if (off.length > 0) throw new Error(`not yet pushed again: ${off.join(', ')}`);
        return true;
      },
      120_000,
      500,
    );
    for (const channel of CHANNELS) {
      const again = await sync('POST', `/v1/channels/${channel}/reconcile`, {
        ...window,
        dryRun: true,
      });
      expect({ channel, drift: again.body.availability.drift }).toEqual({
        channel,
        drift: expect.not.arrayContaining([expect.objectContaining({ channelSku: 'OB-DRIFT' })]),
      });
    }
  });

  it('a burst of movements becomes a few pushes per SKU and channel, ending on our figure', async () => {
    const before = await sim('GET', '/admin/calls?kind=inventory&limit=10000');
    const seenBefore = new Set(before.body.map((c: Json) => c.seq));
    // 2,000 movements on 20 SKUs, receipts and sales interleaved, in batches of 200; the first
    // receipt of SKU n is n units, so every SKU ends on its own figure.
    const all = BURST_SKUS.flatMap((sku, s) =>
      Array.from({ length: MOVEMENTS_PER_SKU }, (_, i): [string, string, number] =>
        i === 0 ? ['receipt', sku, s + 1] : i % 4 === 3 ? ['sale', sku, 1] : ['receipt', sku, 2],
      ),
    );
    const interleaved = Array.from({ length: MOVEMENTS_PER_SKU }, (_, i) =>
      BURST_SKUS.map((_, s) => all[s * MOVEMENTS_PER_SKU + i]),
    )
      .flat()
      .map(([type, sku, quantity]) => movement(sku, type as 'receipt' | 'sale', quantity));
    for (let i = 0; i < interleaved.length; i += 200) await record(interleaved.slice(i, i + 200));

    const expected = new Map<string, number>();
    for (const channel of CHANNELS)
      for (const sku of BURST_SKUS) expected.set(`${channel}|${sku}`, await ours(sku, channel));
    expect(new Set(expected.values()).size).toBeGreaterThan(1);

    await eventually(
      async () => {
        const now = await shown();
        const off = [...expected].flatMap(([key, quantity]) => {
          const [channel, sku] = key.split('|') as [Channel, string];
          const held = now.get(`${channel}|${sku}|${CHANNEL_LOCATION[channel]}`)?.quantity;
          return held === quantity ? [] : [`${key} shows ${held}, ours ${quantity}`];
        });
        // Thrown, not returned: on timeout `eventually` reports what was still off.
        if (off.length > 0) throw new Error(`${off.length} off: ${off.slice(0, 10).join('; ')}`);
        return true;
      },
      300_000,
      1000,
    );
    // Inventory still agrees (nothing moved meanwhile): the last value each channel holds is ours.
    for (const [key, quantity] of expected) {
      const [channel, sku] = key.split('|');
      expect({ key, ours: await ours(sku, channel) }).toEqual({ key, ours: quantity });
    }

    const calls = (await sim('GET', '/admin/calls?kind=inventory&limit=10000')).body.filter(
      (c: Json) => !seenBefore.has(c.seq),
    );
    const pushes = new Map<string, number>();
    for (const call of calls)
      for (const effect of call.inventory ?? [])
        if (BURST_SKUS.includes(effect.sku)) {
          const key = `${call.channel}|${effect.sku}`;
          pushes.set(key, (pushes.get(key) ?? 0) + 1);
        }
    const perChannel = Object.fromEntries(
      CHANNELS.map((c) => [
        c,
        Math.max(...BURST_SKUS.map((sku) => pushes.get(`${c}|${sku}`) ?? 0)),
      ]),
    );
    process.stdout.write(
      `[channel-sync outbound e2e] ${interleaved.length} movements on ${BURST_SKUS.length} SKUs; most pushes of one SKU per channel: ${JSON.stringify(perChannel)}\n`,
    );
    for (const channel of CHANNELS) {
      expect({ channel, coalesced: perChannel[channel] < MOVEMENTS_PER_SKU / 4 }).toEqual({
        channel,
        coalesced: true,
      });
    }
  });

  it("keeps every push inside each vendor's limit, never retrying early", async () => {
    const s = await stats();
    const limited: Array<[string, string]> = [
      ['shopify', 'rest-admin'],
      ['shopify', 'graphql-admin'],
      ['bigcommerce', 'store'],
      ['amazon', 'patchListingsItem'],
      ['amazon', 'confirmShipment'],
    ];
    for (const [channel, limiter] of limited) {
      const figures = s[channel].limits[limiter];
      const capacity =
        figures.limit.kind === 'bucket' ? figures.limit.capacity : figures.limit.quota;
      expect({ channel, limiter, over: (figures.peakDemand ?? 0) > capacity }).toEqual({
        channel,
        limiter,
        over: false,
      });
    }
    for (const channel of Object.keys(s))
      for (const figures of Object.values<Json>(s[channel].limits ?? {}))
        expect(figures.earlyRetries ?? 0).toBe(0);
    // Availability reached Shopify in bulk through the GraphQL Admin API (cost-limited), and no
    // single-SKU REST inventory call was made.
    expect(s.shopify.limits['graphql-admin'].attempts).toBeGreaterThanOrEqual(1);
    const restInventory = (
      await sim('GET', '/admin/calls?channel=shopify&limit=10000')
    ).body.filter((c: Json) => String(c.path ?? '').includes('inventory_levels/set'));
    expect(restInventory).toEqual([]);
  });

  it('a shipment recorded by the WMS appears in the channel once, with carrier and tracking', async () => {
    const skus = ['OB-SHIP-1', 'OB-SHIP-2'];
    await createProducts(stack, skus);
    await record(skus.map((sku) => movement(sku, 'receipt', 50)));
    const { channelOrderId, order } = await channelOrderImported(stack, 'bigcommerce', skus);

    const fulfillment = wholeOrderShipped(order, DC, {
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
    });
    await recordFulfillment(stack, fulfillment);
    // The WMS sends the same event again: still one shipment in the channel.
    await recordFulfillment(stack, fulfillment);

    const shipmentCalls = async () =>
      (await sim('GET', '/admin/calls?channel=bigcommerce&kind=shipment&limit=1000')).body.filter(
        (c: Json) => String(c.orderId) === String(channelOrderId),
      );
    const [call] = await eventually(
      async () => {
        const calls = await shipmentCalls();
        return calls.length > 0 ? calls : undefined;
      },
      120_000,
      500,
    );
    expect(call.body).toMatchObject({
      tracking_carrier: 'UPS',
      tracking_number: '1Z999AA10123456784',
    });
    const native = (await sim('GET', `/admin/orders/bigcommerce/${channelOrderId}`)).body;
    expect(native.shipments).toHaveLength(1);
    expect(native.shipments[0].tracking_number).toBe('1Z999AA10123456784');
    const units = (native.products as Json[]).reduce((n, p) => n + p.quantity, 0);
    expect((native.products as Json[]).reduce((n, p) => n + p.quantity_shipped, 0)).toBe(units);

    // Nothing more is queued for the order, and a later look still finds one shipment.
    await eventually(() => shipmentQueueEmpty(stack, 'bigcommerce'));
    expect(await shipmentCalls()).toHaveLength(1);
  });
});
