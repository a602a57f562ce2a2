import { createHmac } from 'node:crypto';

/** Shopify: base64 HMAC-SHA256 of the raw body with the app's client secret. */
export function shopifySignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

/** Square: base64 HMAC-SHA256 of notification URL + raw body with the signature key. */
export function squareSignature(
  signatureKey: string,
  notificationUrl: string,
  body: string,
): string {
  return createHmac('sha256', signatureKey)
    .update(notificationUrl + body, 'utf8')
    .digest('base64');
}
