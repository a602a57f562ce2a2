import {
  CHANNEL_ORDER_SERVICES,
  channelOrderImported,
  DRIVEN_CHANNEL_SYNC_ENV,
  recordFulfillment,
  shipmentQueueEmpty,
  wholeOrderShipped,
} from '../src/channel-orders';
import { createProducts } from '../src/master-data';
import { eventually, Stack, startStack } from '../src/stack';

jest.setTimeout(600_000);

type Json = Record<string, any>;

const DC = 'dc-ship-faults';
const SKUS = ['SF-SHIP-1', 'SF-SHIP-2'];
/** A SIGKILLed process's outbound job is taken again after this (the default is 120 s). */
const LEASE_MS = 15_000;

/**
 * A shipment recorded by the WMS appears in the channel (BigCommerce, through the channel
 * simulator) once, with carrier and tracking, also when the channel was down while it happened
 * and when channel-sync was SIGKILLed with the shipment write in flight.
 */
describe('channel-sync: a shipment reaches the channel once despite outages and a SIGKILL', () => {
  let stack: Stack;
  const sim = (method: string, path: string, body?: unknown) =>
    stack.call('channel-simulator', method, path, body);
  const faults = async (bigcommerce: Json) =>
    expect((await sim('POST', '/admin/faults', { bigcommerce })).status).toBe(200);
  const operation = async (name: string): Promise<Json> =>
    (await sim('GET', '/admin/stats')).body.bigcommerce.operations?.[name] ?? {};
  const native = async (channelOrderId: string): Promise<Json> =>
    (await sim('GET', `/admin/orders/bigcommerce/${channelOrderId}`)).body;

  /** The order as the channel finally holds it: one shipment with our tracking, all units shipped. */
  const expectShippedOnce = async (channelOrderId: string, trackingNumber: string) => {
    await eventually(async () => (await native(channelOrderId)).shipments.length > 0, 120_000, 500);
    await eventually(() => shipmentQueueEmpty(stack, 'bigcommerce'), 120_000, 500);
    const order = await native(channelOrderId);
    expect(order.shipments).toHaveLength(1);
    expect(order.shipments[0]).toMatchObject({
      tracking_carrier: 'UPS',
      tracking_number: trackingNumber,
    });
    const products = order.products as Json[];
    expect(products.reduce((n, p) => n + p.quantity_shipped, 0)).toBe(
      products.reduce((n, p) => n + p.quantity, 0),
    );
    const listed = await stack.call('channel-sync', 'GET', '/v1/channels');
    const bc = listed.body.items.find((i: Json) => i.channel === 'bigcommerce');
    expect(bc.outbound.shipment.deadLettered ?? 0).toBe(0);
    return order;
  };

  beforeAll(async () => {
    stack = await startStack({
      only: CHANNEL_ORDER_SERVICES,
      env: {
        inventory: { AVAILABILITY_CHANNELS: 'bigcommerce', AVAILABILITY_FLUSH_MS: '200' },
        'channel-sync': {
          ...DRIVEN_CHANNEL_SYNC_ENV,
          CHANNEL_SYNC_OUTBOUND_LEASE_MS: String(LEASE_MS),
        },
      },
    });
    await createProducts(stack, SKUS);
    const receipts = SKUS.map((sku, i) => ({
      eventId: `sf-receipt-${i}`,
      source: 'wms',
      sourceSequence: i + 1,
      occurredAt: new Date().toISOString(),
      type: 'receipt',
      sku,
      locationId: DC,
      quantity: 50,
    }));
    expect(
      (await stack.call('inventory', 'POST', '/v1/inventory/movements', receipts)).status,
    ).toBe(200);
  }, 240_000);

  afterAll(async () => {
    if (!stack) return;
    await sim('POST', '/admin/faults', { bigcommerce: { mode: 'up', latencyMs: null } }).catch(
      () => undefined,
    );
    await stack.stop();
  }, 60_000);

  it('the channel was down while the shipment happened: one shipment once it is back', async () => {
    const { channelOrderId, order } = await channelOrderImported(stack, 'bigcommerce', SKUS);
    await faults({ mode: 'down' });
    const refusedBefore = (await operation('v2.orders.shipments')).down ?? 0;

    await recordFulfillment(
      stack,
      wholeOrderShipped(order, DC, { carrier: 'UPS', trackingNumber: '1Z-DOWN-0001' }),
    );
    // channel-sync tried while the channel was down (503), and tried again (back-off).
    await eventually(
      async () => ((await operation('v2.orders.shipments')).down ?? 0) >= refusedBefore + 2,
      120_000,
      500,
    );
    expect((await native(channelOrderId)).shipments).toHaveLength(0);
    expect(await shipmentQueueEmpty(stack, 'bigcommerce')).toBe(false);

    await faults({ mode: 'up' });
    await expectShippedOnce(channelOrderId, '1Z-DOWN-0001');
    const create = await operation('v2.orders.shipments.create');
    process.stdout.write(
      `[shipment faults] down: ${(await operation('v2.orders.shipments')).down} refused ` +
        `look-ups, ${create.ok} shipment written\n`,
    );
  });

  it('channel-sync SIGKILLed with the shipment write in flight: one shipment after restart', async () => {
    const { channelOrderId, order } = await channelOrderImported(stack, 'bigcommerce', SKUS);
    const writesBefore = (await operation('v2.orders.shipments.create')).requests ?? 0;
    // Every call takes 3 s: the write is still at the channel when channel-sync dies.
    await faults({ mode: 'slow', latencyMs: 3000 });

    await recordFulfillment(
      stack,
      wholeOrderShipped(order, DC, { carrier: 'UPS', trackingNumber: '1Z-KILL-0001' }),
    );
    await eventually(
      async () => ((await operation('v2.orders.shipments.create')).requests ?? 0) > writesBefore,
      120_000,
      100,
    );
    await stack.kill('channel-sync');
    const killedAt = Date.now();
    // The channel finishes the write channel-sync never heard back about.
    await eventually(
      async () => (await native(channelOrderId)).shipments.length === 1,
      30_000,
      200,
    );
    await faults({ mode: 'up', latencyMs: null });

    await stack.restart('channel-sync');
    // The job comes back after its lease, looks at the channel, finds our shipment.
    const order2 = await expectShippedOnce(channelOrderId, '1Z-KILL-0001');
    const lookups = await operation('v2.orders.shipments');
    await new Promise((r) => setTimeout(r, 3000));
    expect((await native(channelOrderId)).shipments).toHaveLength(1);
    expect((await operation('v2.orders.shipments.create')).requests).toBe(writesBefore + 1);
    process.stdout.write(
      `[shipment faults] SIGKILL mid-write: ${order2.shipments.length} shipment, ` +
        `${lookups.requests} shipment look-ups in all, queue empty ${Math.round(
          (Date.now() - killedAt) / 1000,
        )} s after the kill (lease ${LEASE_MS / 1000} s)\n`,
    );
  });
});
