import { eventually, type ServiceName, type Stack } from './stack';

type Json = Record<string, any>;

/** The processes an order's way from a channel and back needs (startStack `only`). */
export const CHANNEL_ORDER_SERVICES: ServiceName[] = [
  'backoffice-simulator',
  'channel-simulator',
  'master-data',
  'inventory',
  'order-ingestion',
  'channel-sync',
];

/** channel-sync driven by the test: no scheduled pulls or reconciles, quick outbound polls. */
export const DRIVEN_CHANNEL_SYNC_ENV = {
  CHANNEL_SYNC_SCHEDULE_ENABLED: 'false',
  CHANNEL_SYNC_RECONCILE_INTERVAL_MINUTES: '0',
  CHANNEL_SYNC_SKEW_SECONDS: '5',
  CHANNEL_SYNC_SETTLE_SECONDS: '1',
  CHANNEL_SYNC_OUTBOUND_POLL_MS: '500',
};

/**
 * How order-ingestion and channel-sync know a seeded order: Adobe Commerce orders by their
 * `increment_id` (the simulator's admin routes take the `entity_id`), others by the seeded id.
 */
const CHANNEL_KEY: Record<string, (native: Json) => string> = {
  'adobe-commerce': (native) => String(native.increment_id),
};

/**
 * An order created in the channel simulator, pulled by channel-sync and accepted by
 * order-ingestion (reserved or further): the canonical order, its channel id and its id in the
 * simulator's admin routes. The products and stock for `skus` must exist. `changes`: native
 * fields changed in the channel before the pull (e.g. the order paid), from the seeded order.
 */
export async function channelOrderImported(
  stack: Stack,
  channel: string,
  skus: readonly string[],
  changes?: (native: Json) => Json,
): Promise<{ channelOrderId: string; simulatorId: string; order: Json }> {
  const seeded = await stack.call('channel-simulator', 'POST', '/admin/orders', {
    channel,
    count: 1,
    skus,
  });
  if (seeded.status !== 201) throw new Error(`seeding a ${channel} order: HTTP ${seeded.status}`);
  const [simulatorId] = seeded.body.ids as string[];
  let native = (
    await stack.call('channel-simulator', 'GET', `/admin/orders/${channel}/${simulatorId}`)
  ).body as Json;
  if (changes) {
    const updated = await stack.call(
      'channel-simulator',
      'POST',
      `/admin/orders/${channel}/${simulatorId}/update`,
      { changes: changes(native) },
    );
    if (updated.status !== 200)
      throw new Error(`changing the ${channel} order: HTTP ${updated.status}`);
    native = updated.body;
  }
  const channelOrderId = CHANNEL_KEY[channel]?.(native) ?? simulatorId;
  let last: Json | undefined;
  const order = await eventually(
    async () => {
      await stack.call('channel-sync', 'POST', `/v1/channels/${channel}/pull`);
      const q = new URLSearchParams({ channel, limit: '200' });
      const listed = await stack.call('order-ingestion', 'GET', `/v1/orders?${q}`);
      const found = listed.body.items.find((o: Json) => o.channelOrderId === channelOrderId);
      if (!found) return undefined;
      last = (await stack.call('order-ingestion', 'GET', `/v1/orders/${found.orderId}`)).body;
      return ['reserved', 'awaiting_erp', 'erp_confirmed'].includes(last?.status)
        ? last
        : undefined;
    },
    180_000,
    3000,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; order is ${JSON.stringify(last)}`);
  });
  return { channelOrderId, simulatorId, order };
}

/**
 * Square order lines name catalog item variations, not SKUs: maps the simulator's variation of
 * each SKU (learnt from a probe order) to the SKU in master-data, as a merchant maps them.
 */
export async function squareVariationsMapped(stack: Stack, skus: readonly string[]): Promise<void> {
  for (const sku of skus) {
    const probe = await stack.call('channel-simulator', 'POST', '/admin/orders', {
      channel: 'square',
      count: 1,
      skus: [sku],
    });
    const native = (
      await stack.call('channel-simulator', 'GET', `/admin/orders/square/${probe.body.ids[0]}`)
    ).body;
    const variation = native.line_items[0].catalog_object_id;
    const mapped = await stack.call(
      'master-data',
      'PUT',
      `/v1/channel-mappings/square/${variation}`,
      {
        sku,
      },
    );
    if (mapped.status >= 300)
      throw new Error(`mapping ${variation} to ${sku}: HTTP ${mapped.status}`);
  }
}

/** The WMS's event: the whole order shipped from `locationId` with this carrier and tracking. */
export function wholeOrderShipped(
  order: Json,
  locationId: string,
  tracking: { carrier: string; trackingNumber: string },
): Json {
  return {
    eventId: `ship-${order.orderId}`,
    orderId: order.orderId,
    type: 'shipped',
    lines: order.lines.map((l: Json) => ({ lineId: l.lineId, quantity: l.quantity })),
    locationId,
    ...tracking,
    occurredAt: new Date().toISOString(),
  };
}

/** Records a WMS fulfillment event in order-ingestion. */
export async function recordFulfillment(stack: Stack, fulfillment: Json): Promise<void> {
  const res = await stack.call('order-ingestion', 'POST', '/v1/fulfillment-events', fulfillment);
  if (res.status >= 300) throw new Error(`fulfillment event: HTTP ${res.status}`);
}

/** channel-sync's outbound shipment queue of `channel` is empty. */
export async function shipmentQueueEmpty(stack: Stack, channel: string): Promise<boolean> {
  const listed = await stack.call('channel-sync', 'GET', '/v1/channels');
  const account = listed.body.items?.find((i: Json) => i.channel === channel);
  return account?.outbound.shipment.depth === 0;
}
