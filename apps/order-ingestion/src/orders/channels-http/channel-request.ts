import { ProblemException } from '@retail/platform-http';
import type { FastifyRequest } from 'fastify';
import type { ChannelRequest } from '../../channels/channel-types';

/** What an adapter sees of a request: headers, the exact bytes, the parsed body. */
export function channelRequest(request: FastifyRequest): ChannelRequest {
  return {
    headers: request.headers,
    rawBody: request.rawBody ?? Buffer.from(JSON.stringify(request.body ?? null)),
    payload: request.body,
  };
}

const KEPT_HEADER = /^x-(shopify|square|amz|amazon|bc|sfcc|magento|adobe|retail-source)/i;
const SECRET_HEADER = /hmac|signature|token|secret|authorization/i;

/** Delivery headers kept for lineage (ids, topic, shop), never signatures or credentials. */
export function lineageHeaders(request: FastifyRequest): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!KEPT_HEADER.test(name) || SECRET_HEADER.test(name)) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return kept;
}

/** How a channel order reached us: the channel's webhook, or channel-sync pulling it. */
export const DELIVERY_SOURCES = ['webhook', 'pull', 'reconcile'] as const;
export type DeliverySource = (typeof DELIVERY_SOURCES)[number];

/** `x-retail-source` (set by channel-sync when it forwards what it fetched); `webhook` if absent. */
export function deliverySource(request: FastifyRequest): DeliverySource {
  const value = request.headers['x-retail-source'];
  if (value === undefined) return 'webhook';
  const source = DELIVERY_SOURCES.find((s) => s === value);
  if (source) return source;
  throw new ProblemException(
    400,
    'invalid-header',
    'x-retail-source must be one of webhook, pull, reconcile',
    [{ field: 'x-retail-source', message: `unknown source ${JSON.stringify(value)}` }],
  );
}
