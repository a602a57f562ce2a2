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
 * An order created in the channel simulator, pulled by channel-sync and accepted by
 * order-ingestion (reserved or further): the canonical order and its channel id. The products and
 * stock for `skus` must exist.
 */
export async function channelOrderImported(
  stack: Stack,
  channel: string,
  skus: readonly string[],
): Promise<{ channelOrderId: string; order: Json }> {
  const seeded = await stack.call('channel-simulator', 'POST', '/admin/orders', {
    channel,
    count: 1,
    skus,
  });
  if (seeded.status !== 201) throw new Error(`seeding a ${channel} order: HTTP ${seeded.status}`);
  const [channelOrderId] = seeded.body.ids as string[];
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
  return { channelOrderId, order };
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
