import { createHmac } from 'node:crypto';
import { shopifySignature, squareSignature } from './webhook-signing';

describe('webhook signatures', () => {
  it('Shopify signs the raw body only', () => {
    const expected = createHmac('sha256', 'secret').update('{"id":1}').digest('base64');

    expect(shopifySignature('secret', '{"id":1}')).toBe(expected);
  });

  it('Square signs the notification URL followed by the raw body', () => {
    const expected = createHmac('sha256', 'key').update('http://x/hook{"a":1}').digest('base64');

    expect(squareSignature('key', 'http://x/hook', '{"a":1}')).toBe(expected);
    expect(squareSignature('key', 'http://y/hook', '{"a":1}')).not.toBe(expected);
  });
});
