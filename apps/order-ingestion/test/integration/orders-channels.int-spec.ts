import { createHmac } from 'crypto';
import shopifyFixture from '../../src/channels/__fixtures__/shopify-orders-create.json';
import { Harness, startOrderIngestion } from './harness';

jest.setTimeout(60_000);

const SECRET = 'shh';

/** The fixture as another Shopify order (new ids), its line SKUs known to the catalog. */
function shopifyOrder(id: number) {
  const order = structuredClone(shopifyFixture) as Record<string, any>;
  order.id = id;
  order.admin_graphql_api_id = `gid://shopify/Order/${id}`;
  order.name = `#${id}`;
  return order;
}

const sign = (raw: string, secret = SECRET) =>
  createHmac('sha256', secret).update(Buffer.from(raw)).digest('base64');

describe('channel-native ingestion (Shopify webhook)', () => {
  let h: Harness;
  const count = async () => Number((await h.db.query('SELECT count(*) FROM orders'))[0].count);

  const deliver = (raw: string, headers: Record<string, string>) =>
    h.svc
      .http()
      .post('/v1/channels/shopify/orders')
      .set({ 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', ...headers })
      .send(raw);

  beforeAll(async () => {
    h = await startOrderIngestion();
    for (const sku of ['TSHIRT-BLK-M', 'MUG-WHT-350', '44123456789003']) h.catalog.publish(sku);
  });
  afterAll(() => h?.svc.close());

  it('stores one order for the same webhook delivered 5 times, and one ERP sales order', async () => {
    const raw = JSON.stringify(shopifyOrder(7000000001));
    const hmac = sign(raw);
    const answers = [];
    const variants: Array<Record<string, string>> = [
      {},
      { 'Idempotency-Key': 'wh-1' },
      { 'Idempotency-Key': 'wh-1' },
      { 'x-shopify-event-id': 'changed-event' },
      { 'x-shopify-event-id': 'another-event', 'Idempotency-Key': 'wh-2' },
    ];
    for (const extra of variants) {
      answers.push(
        await deliver(raw, {
          'x-shopify-hmac-sha256': hmac,
          'x-shopify-event-id': 'evt-a',
          'x-shopify-webhook-id': 'hook-1',
          ...extra,
        }),
      );
    }
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    const ids = new Set(answers.map((a) => a.body.orderId));
    expect(ids.size).toBe(1);
    const [orderId] = [...ids];
    const view = await h.waitForStatus(orderId, 'erp_confirmed');
    expect(view).toMatchObject({ channel: 'shopify', channelOrderId: '7000000001' });
    expect(view.fulfillments.map((f: any) => f.type).sort()).toEqual(['pickup', 'ship']);
    expect(view.timeline[0].transformations.length).toBeGreaterThan(0);
    expect(h.erp.salesOrders.size).toBe(1);
    const [payload] = await h.db.query(
      'SELECT source, headers, payload FROM order_payloads WHERE order_id = $1',
      [orderId],
    );
    expect(payload.payload).toBe(raw);
    expect(payload.headers['x-shopify-topic']).toBe('orders/create');
    expect(payload.headers['x-shopify-hmac-sha256']).toBeUndefined();
    const keys = await h.db.query('SELECT delivery_key FROM order_deliveries WHERE order_id = $1', [
      orderId,
    ]);
    expect(keys.map((k: any) => k.delivery_key).sort()).toEqual(
      [
        'shopify:event:another-event',
        'shopify:event:changed-event',
        'shopify:event:evt-a',
        'shopify:webhook:hook-1',
      ].sort(),
    );
  });

  it.each([
    ['a wrong HMAC', (raw: string) => ({ 'x-shopify-hmac-sha256': sign(raw, 'wrong') })],
    ['no HMAC', () => ({})],
    [
      'a body changed after signing',
      (raw: string) => ({ 'x-shopify-hmac-sha256': sign(raw + ' ') }),
    ],
    [
      'a valid HMAC with an unknown x-api-key',
      (raw: string) => ({ 'x-shopify-hmac-sha256': sign(raw), 'x-api-key': 'nope' }),
    ],
  ])('answers 401 and stores nothing for %s', async (_label, headers) => {
    const before = await count();
    const raw = JSON.stringify(shopifyOrder(7000000002));
    const sent = _label.startsWith('a body changed') ? raw.replace('}', ' }') : raw;
    const res = await deliver(sent, headers(raw));
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(await count()).toBe(before);
  });

  it("refuses another channel's key on the Shopify route (403)", async () => {
    const raw = JSON.stringify(shopifyOrder(7000000003));
    const res = await deliver(raw, {
      'x-shopify-hmac-sha256': sign(raw),
      'x-api-key': 'amazon-key',
    });
    expect(res.status).toBe(403);
  });

  it('keeps the API key requirement on the other channel routes', async () => {
    await h.svc.http().post('/v1/channels/amazon/orders').send({}).expect(401);
    await h.svc
      .http()
      .post('/v1/channels/amazon/orders')
      .set('x-api-key', 'shopify-key')
      .send({})
      .expect(403);
    const res = await h.svc
      .http()
      .post('/v1/channels/amazon/orders')
      .set('x-api-key', 'amazon-key')
      .send({});
    expect(res.status).toBe(422);
  });
});
