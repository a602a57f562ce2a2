// Native channel payloads for the load: the order-ingestion mappers' fixtures (six channels,
// Amazon in both API versions) with a fresh order id per delivery, signed like the channel
// signs them (Shopify: base64 HMAC-SHA256 of the raw body; Square: of notification URL + body).
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANNEL_KEYS, SHOPIFY_SECRET, SQUARE_KEY, SQUARE_URL } from './stack.mjs';

const FIXTURES = join('apps', 'order-ingestion', 'src', 'channels', '__fixtures__');
const FILES = {
  shopify: 'shopify-orders-create.json',
  amazonV2026: 'amazon-order-v2026.json',
  amazonV0: 'amazon-order-v0.json',
  adobe: 'adobe-commerce-order.json',
  bigcommerce: 'bigcommerce-order.json',
  sfcc: 'salesforce-commerce-order.json',
  square: 'square-order.json',
};

/** Products, channel mappings and pickup stores the fixtures need to flow through the pipeline. */
export const FIXTURE_SKUS = [
  'TSHIRT-BLK-M',
  'MUG-WHT-350',
  'GIFT-SET',
  'CANDLE-VAN-200',
  'SOCKS-1',
  'STICKER-PACK',
];
export const FIXTURE_MAPPINGS = [
  ['shopify', '44123456789003', 'SOCKS-1'],
  ['square', 'W62UWFY35CWMYGVWK6TWJDNI', 'TSHIRT-BLK-M'],
  ['square', 'AE2PLDJ4RNRLSDQ6J2DWLDAX', 'MUG-WHT-350'],
];
export const FIXTURE_STORES = [
  'store-berlin-01',
  'store-austin-01',
  'store-boston-01',
  'L9ZK3C1V7Z6QX',
];

export function loadFixtures(root) {
  const out = {};
  for (const [k, f] of Object.entries(FILES))
    out[k] = JSON.parse(readFileSync(join(root, FIXTURES, f), 'utf8'));
  return out;
}

const hmac = (key, message) => createHmac('sha256', key).update(message).digest('base64');
const pad = (n, w) => String(n).padStart(w, '0');

/** Per channel variant: set a unique order id on a copy, then path + headers. */
const VARIANTS = [
  [
    'shopify',
    (o, n, seed) => {
      const id = 7_000_000_000_000 + seed * 1_000_000 + n;
      Object.assign(o, {
        id,
        admin_graphql_api_id: `gid://shopify/Order/${id}`,
        name: `#B${n}`,
        order_number: n,
      });
    },
  ],
  ['amazon', (o, n, seed) => (o.order.orderId = `113-${pad(seed, 7)}-${pad(n, 7)}`), 'amazonV2026'],
  [
    'adobe-commerce',
    (o, n, seed) => {
      o.entity_id = seed * 1_000_000 + n;
      o.increment_id = `B${pad(seed, 6)}${pad(n, 7)}`;
      for (const item of o.items ?? []) item.order_id = o.entity_id;
    },
    'adobe',
  ],
  [
    'bigcommerce',
    (o, n, seed) => {
      o.id = seed * 1_000_000 + n;
      for (const p of o.products ?? []) p.order_id = o.id;
      for (const a of o.shipping_addresses ?? []) a.order_id = o.id;
    },
  ],
  ['salesforce-commerce', (o, n, seed) => (o.order_no = `B${pad(seed, 6)}${pad(n, 7)}`), 'sfcc'],
  ['square', (o, n, seed) => (o.order.id = `BENCH${pad(seed, 6)}${pad(n, 8)}`)],
  ['amazon', (o, n, seed) => (o.AmazonOrderId = `902-${pad(seed, 7)}-${pad(n, 7)}`), 'amazonV0'],
];

/**
 * The n-th native delivery of the mix (channels in turn): { channel, format, path, body (the
 * exact bytes), headers }. `seed` keeps order ids unique across runs on one database.
 */
export function channelDelivery(fixtures, n, seed) {
  const [channel, setId, fixtureKey] = VARIANTS[n % VARIANTS.length];
  const payload = structuredClone(fixtures[fixtureKey ?? channel]);
  setId(payload, n, seed);
  const body = JSON.stringify(payload);
  const headers = { 'content-type': 'application/json' };
  if (channel === 'shopify') {
    Object.assign(headers, {
      'x-shopify-topic': 'orders/create',
      'x-shopify-shop-domain': 'bench.myshopify.com',
      'x-shopify-webhook-id': randomUUID(),
      'x-shopify-event-id': randomUUID(),
      'x-shopify-hmac-sha256': hmac(SHOPIFY_SECRET, Buffer.from(body)),
    });
  } else if (channel === 'square') {
    headers['x-square-hmacsha256-signature'] = hmac(
      SQUARE_KEY,
      Buffer.concat([Buffer.from(SQUARE_URL), Buffer.from(body)]),
    );
  } else {
    headers['x-api-key'] = CHANNEL_KEYS[channel];
  }
  return {
    channel,
    format: fixtureKey ?? channel,
    path: `/v1/channels/${channel}/orders`,
    body,
    headers,
  };
}

export const CHANNEL_ROUTES = [...new Set(VARIANTS.map(([c]) => `/v1/channels/${c}/orders`))];
