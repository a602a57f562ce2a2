import { ChannelName } from '../channels/channel';
import { LimitDecision, LimitSpec } from '../limits/limit-spec';

/** The rate-limit headers each vendor sends, on every answer and on its 429s. */
export function limitHeaders(
  channel: ChannelName,
  spec: LimitSpec,
  decision: LimitDecision,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const retrySeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  switch (channel) {
    case 'shopify':
      headers['x-shopify-shop-api-call-limit'] = `${Math.ceil(decision.used)}/${decision.capacity}`;
      // Shopify sends a float number of seconds, "2.0" for the standard leak rate (rounded up:
      // a caller waiting exactly that long is never early).
      if (!decision.allowed)
        headers['retry-after'] = (Math.ceil(decision.retryAfterMs / 100) / 10).toFixed(1);
      break;
    case 'amazon':
      if (spec.kind === 'bucket') headers['x-amzn-ratelimit-limit'] = String(spec.ratePerSecond);
      break;
    case 'bigcommerce':
      if (spec.kind === 'window') {
        headers['x-rate-limit-time-window-ms'] = String(spec.windowMs);
        headers['x-rate-limit-time-reset-ms'] = String(decision.resetMs);
        headers['x-rate-limit-requests-quota'] = String(spec.quota);
        headers['x-rate-limit-requests-left'] = String(
          Math.max(0, spec.quota - Math.ceil(decision.used)),
        );
      }
      break;
    case 'adobe-commerce':
    case 'salesforce-commerce':
    case 'square':
      if (!decision.allowed) headers['retry-after'] = String(retrySeconds);
      break;
  }
  return headers;
}
