import { createHmac, timingSafeEqual } from 'node:crypto';
import { ChannelSyncException } from '../../common/channel-sync.exception';

const same = (a: string, b: string) => {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
};

const refuse = (detail: string) => new ChannelSyncException('invalid-signature', 401, detail);

/**
 * Square: `x-square-hmacsha256-signature` = base64 HMAC-SHA256 over the notification URL
 * followed by the raw body. `keys` may be comma-separated during a key rotation.
 */
export function verifySquare(keys: string, url: string, rawBody: Buffer, given: unknown): void {
  if (!keys || !url) throw refuse('SQUARE_WEBHOOK_SIGNATURE_KEY / _NOTIFICATION_URL not set');
  if (typeof given !== 'string') throw refuse('x-square-hmacsha256-signature header is missing');
  const message = Buffer.concat([Buffer.from(url, 'utf8'), rawBody]);
  const ok = keys
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .some((k) => same(createHmac('sha256', k).update(message).digest('base64'), given));
  if (!ok) throw refuse('x-square-hmacsha256-signature does not match');
}

/** BigCommerce: the custom header and value set when the webhook was registered. */
export function verifyBigCommerce(expected: string, given: unknown): void {
  if (!expected) throw refuse('BIGCOMMERCE_WEBHOOK_TOKEN not set');
  if (typeof given !== 'string' || !same(expected, given))
    throw refuse('the webhook auth header is missing or wrong');
}
