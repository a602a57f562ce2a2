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

const KEPT_HEADER = /^x-(shopify|square|amz|amazon|bc|sfcc|magento|adobe)-/i;
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
