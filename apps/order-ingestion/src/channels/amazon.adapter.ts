import { mapAmazonV0 } from './amazon-v0.mapper';
import { mapAmazonV2026 } from './amazon-v2026.mapper';
import { finishMapping } from './canonical-parts';
import type { ChannelAdapter, ChannelRequest, MappedChannelOrder } from './channel-types';
import { isObject, Json, MappingContext } from './mapping-context';

/**
 * Amazon SP-API orders, as the poller posts them: an Orders v2026-01-01 order (bare, or the
 * `getOrder` response `{ order }`), or a v0 order (bare or `{ payload }`) with its `OrderItems`.
 * Amazon pushes no signed order webhooks here, so there is nothing to verify: the route's
 * channel API key authenticates the poller.
 */
export class AmazonAdapter implements ChannelAdapter {
  readonly channel = 'amazon' as const;

  verify(): void {
    // Unsigned channel: authenticated by the channel API key only.
  }

  map(req: ChannelRequest): MappedChannelOrder {
    const ctx = new MappingContext(this.channel);
    const body = ctx.object(req.payload, '');
    const order = unwrap(body);
    if ('orderId' in order || 'orderItems' in order) {
      ctx.note('Amazon Orders API v2026-01-01 payload');
      return finishMapping(ctx, mapAmazonV2026(ctx, order), []);
    }
    if ('AmazonOrderId' in order || 'OrderItems' in order) {
      ctx.note(
        'Amazon Orders API v0 payload (deprecated by Amazon; migrate the poller to v2026-01-01)',
      );
      return finishMapping(ctx, mapAmazonV0(ctx, order), []);
    }
    return ctx.reject(
      '',
      'neither a v2026-01-01 order (orderId, orderItems) nor a v0 order (AmazonOrderId, OrderItems)',
    );
  }
}

function unwrap(body: Json): Json {
  if (isObject(body.order)) return body.order;
  if (isObject(body.payload)) {
    const payload = body.payload;
    // getOrderItems answers { payload: { AmazonOrderId, OrderItems } } beside getOrder's payload.
    return Array.isArray(body.OrderItems) ? { ...payload, OrderItems: body.OrderItems } : payload;
  }
  return body;
}
