import { TEST_ADMIN_KEY } from '@retail/platform-testing';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Harness, startOrderIngestion } from './harness';

jest.setTimeout(60_000);

// Square's own PayOrderResponse example (square/connect-api-specification api.json): two ad-hoc
// lines (no catalog object) and two card tenders. Read from the shared reference, never copied.
const SQUARE_PAY_ORDER = resolve(
  __dirname,
  '../../../..',
  '../shared/reference/channel-payloads/vendor/square/square-api-spec_PayOrderResponse.json',
);
const SHOPIFY_CUSTOM_ITEM = resolve(
  __dirname,
  '../../../..',
  '../shared/reference/channel-payloads/vendor/shopify/shopify-api-js_2024-04_order-1073459975-custom-item-eur.json',
);
const SERVICE_KEY = 'channel-sync-key';

describe('channel-native routes: vendor payloads with non_stock lines and tenders; service keys', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startOrderIngestion({
      SQUARE_WEBHOOK_SIGNATURE_KEY: 'sq-key',
      SQUARE_WEBHOOK_NOTIFICATION_URL: 'https://example.test/v1/channels/square/orders',
      RETAIL_API_KEYS: `${TEST_ADMIN_KEY}=admin,shopify-key=channel:shopify,${SERVICE_KEY}=service`,
    });
  });
  afterAll(() => h?.svc.close());

  const post = (channel: string, raw: string, headers: Record<string, string>) =>
    h.svc
      .http()
      .post(`/v1/channels/${channel}/orders`)
      .set({ 'content-type': 'application/json', ...headers })
      .send(raw);

  it('stores Square ad-hoc lines as non_stock and both tenders, forwarded by a service key', async () => {
    const raw = readFileSync(SQUARE_PAY_ORDER, 'utf8');
    const res = await post('square', raw, { 'x-api-key': SERVICE_KEY, 'x-retail-source': 'pull' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ alreadyKnown: false });
    const view = (await h.get(`/v1/orders/${res.body.orderId}`)).body;
    const order = view.order ?? view;
    expect(order.lines.map((l: any) => [l.kind, l.sku, l.title, l.quantity, l.unitPrice])).toEqual([
      ['non_stock', undefined, 'Item 1', 1, 500],
      ['non_stock', undefined, 'Item 2', 2, 750],
    ]);
    expect(order.payments.map((p: any) => [p.method, p.amount])).toEqual([
      ['card', 1000],
      ['card', 1000],
    ]);
    expect(order.payment.amount).toBe(2000);
    expect(view.timeline[0].transformations[0]).toBe('received from square via pull');
    const lines = await h.db.query(
      'SELECT line_id, sku, channel_sku FROM order_lines WHERE order_id = $1 ORDER BY position',
      [res.body.orderId],
    );
    expect(lines.map((l: any) => [l.sku, l.channel_sku])).toEqual([
      [null, null],
      [null, null],
    ]);

    const again = await post('square', raw, {
      'x-api-key': SERVICE_KEY,
      'x-retail-source': 'pull',
    });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ orderId: res.body.orderId, alreadyKnown: true });
  });

  it('lets a service key post the Shopify route without a signature', async () => {
    const raw = readFileSync(SHOPIFY_CUSTOM_ITEM, 'utf8');
    const res = await post('shopify', raw, { 'x-api-key': SERVICE_KEY });
    expect(res.status).toBe(202);
    const view = (await h.get(`/v1/orders/${res.body.orderId}`)).body;
    const order = view.order ?? view;
    expect(order.lines[0]).toMatchObject({ kind: 'non_stock', title: 'Big Brown Bear Boots' });
  });

  it('lets a service key post the Amazon route (API-key route) too', async () => {
    const raw = readFileSync(
      resolve(SQUARE_PAY_ORDER, '../../amazon/v2026_getOrder-sandbox_028-1234567-8901234.json'),
      'utf8',
    );
    const res = await post('amazon', raw, {
      'x-api-key': SERVICE_KEY,
      'x-retail-source': 'reconcile',
    });
    expect(res.status).toBe(202);
  });

  it.each([
    ['shopify', SHOPIFY_CUSTOM_ITEM, 'shopify-key'],
    ['shopify', SHOPIFY_CUSTOM_ITEM, undefined],
    ['square', SQUARE_PAY_ORDER, undefined],
  ])('still asks %s deliveries with key %s for the signature (401)', async (channel, file, key) => {
    const raw = readFileSync(file, 'utf8');
    const res = await post(channel, raw, key ? { 'x-api-key': key } : {});
    expect(res.status).toBe(401);
  });

  it('refuses an unknown x-retail-source (400, nothing stored)', async () => {
    const raw = JSON.parse(readFileSync(SQUARE_PAY_ORDER, 'utf8'));
    raw.order.id = 'another-order';
    const res = await post('square', JSON.stringify(raw), {
      'x-api-key': SERVICE_KEY,
      'x-retail-source': 'carrier-pigeon',
    });
    expect(res.status).toBe(400);
    const rows = await h.db.query("SELECT 1 FROM orders WHERE channel_order_id = 'another-order'");
    expect(rows).toHaveLength(0);
  });
});
